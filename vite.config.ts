import { reactRouter } from "@react-router/dev/vite";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [tailwindcss(), reactRouter()],
  resolve: {
    tsconfigPaths: true,
  },
  ssr: {
    // Native and CommonJS-heavy server packages stay external.
    external: ["better-sqlite3", "@node-rs/argon2", "exceljs", "esbuild", "mdx-bundler"],
  },
});
