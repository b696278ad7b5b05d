import type { NextConfig } from "next";

/** The dashboard is served by the custom server in server/ (Next.js plus Socket.IO on one port). */
const nextConfig: NextConfig = {
  reactStrictMode: true,
  // `npm run typecheck` checks the whole tree; checking again inside `next build` doubles the
  // build time (about 20 s on two cores) and would fail the dashboard on unrelated files.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages stay external to the bundle.
  serverExternalPackages: ["kafkajs", "@prisma/client", "@prisma/adapter-pg", "pg", "prom-client"],
};

export default nextConfig;
