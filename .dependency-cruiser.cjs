/**
 * The import rules that keep the layout one-way: event -> snapshot -> parse -> model -> evaluate -> render ->
 * publish. `npm test` runs `npm run lint:deps`, so an import that breaks one of these fails the suite.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const PURE = "^src/(engine|parsers|report|model|flows)/";

module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      comment: "Folders depend one way. A cycle between two folders means a type or helper lives in the wrong one.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "model-imports-nothing-of-ours",
      comment: "src/model is the vocabulary every stage shares; it cannot depend on any stage.",
      severity: "error",
      from: { path: "^src/model/" },
      to: { path: "^src/", pathNot: "^src/model/" },
    },
    {
      name: "pure-stages-do-no-io",
      comment: "The engine, the parsers, the report, the model and the flow reader are pure: no files, network, processes or threads.",
      severity: "error",
      from: { path: PURE },
      to: {
        dependencyTypes: ["core"],
        path: "^(node:)?(fs|fs/promises|child_process|worker_threads|cluster|net|http|https|http2|dgram|dns|tls|readline)$",
      },
    },
    {
      name: "pure-stages-know-no-github",
      comment: "Probot and Octokit belong to src/github, src/handlers and the entry files only.",
      severity: "error",
      from: { path: PURE },
      to: { path: "(^|/)node_modules/(probot|@octokit)/" },
    },
    {
      name: "pure-stages-call-no-outer-stage",
      comment: "The pure stages are called by the outer ones, never the other way round.",
      severity: "error",
      from: { path: PURE },
      to: { path: "^src/(github|snapshot|pipeline|handlers|cli|commands|parse-pool|parse-store|startup)/|^src/(cli|index|start)\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "node", "default"] },
  },
};
