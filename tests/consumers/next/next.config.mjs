/** @type {import("next").NextConfig} */
export default {
  reactStrictMode: true,
  // This app is its own workspace (the repository around it has a lockfile too).
  turbopack: { root: import.meta.dirname },
};
