import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "core/**/*.test.ts",
            "workers/**/*.test.ts",
            "server/**/*.test.ts",
            "simulator/**/*.test.ts",
            "config/**/*.test.ts",
            "adapters/**/*.test.ts",
            "scripts/**/*.test.ts",
            "app/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-setup.ts"],
          // Two cores and one broker: files run one at a time so timings stay sane.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
