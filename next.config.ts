import type { NextConfig } from "next";

/** The dashboard is served by the custom server in server/ (Next.js plus Socket.IO on one port). */
const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Server-only packages stay external to the bundle.
  serverExternalPackages: ["kafkajs", "@prisma/client", "@prisma/adapter-pg", "pg", "prom-client"],
};

export default nextConfig;
