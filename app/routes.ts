import { type RouteConfig, index, route, layout, prefix } from "@react-router/dev/routes";

export default [
  route("healthz", "routes/healthz.ts"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.ts"),
  route("mdx/:hash.js", "routes/mdx-script.ts"),
  route("api/check", "routes/api.check.ts"),
  route("author/preview", "routes/author.preview.ts"),
  layout("routes/_app.tsx", [
    index("routes/home.tsx"),
    route("learn/:course/:lesson", "routes/lesson.tsx"),
    route("records", "routes/records.tsx"),
    route("search", "routes/search.tsx"),
    route("rules/:slug?", "routes/rules.tsx"),
    route("cases/:slug?", "routes/cases.tsx"),
    ...prefix("author", [
      index("routes/author.tsx"),
      route("courses/:courseId", "routes/author.course.tsx"),
      route("lessons/:lessonId", "routes/author.lesson.tsx"),
    ]),
    ...prefix("admin", [
      index("routes/admin.tsx"),
      route("units", "routes/admin.units.tsx"),
      route("users", "routes/admin.users.tsx"),
      route("users/:id", "routes/admin.user.tsx"),
      route("import", "routes/admin.import.tsx"),
    ]),
    route("*", "routes/not-found.tsx"),
  ]),
] satisfies RouteConfig;
