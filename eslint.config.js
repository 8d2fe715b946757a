// Lint: the project's conventions, checked by a machine (docs/ARCHITECTURE.md, "Rules the linter enforces").
// typescript-eslint because two of the rules need types (floating promises, unsafe any); import-x for cycles.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import reactHooks from "eslint-plugin-react-hooks";

// Kysely's query builders and raw SQL: these belong in <area>.queries.ts, never in a route or a service.
const SQL_BUILDERS = "selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom";
const noSqlHere = [
  {
    selector: `CallExpression[callee.property.name=/^(${SQL_BUILDERS})$/]`,
    message: "Query builders belong in <area>.queries.ts: call a query function from here.",
  },
  {
    selector: "TaggedTemplateExpression[tag.name='sql']",
    message: "Raw SQL belongs in <area>.queries.ts: call a query function from here.",
  },
  {
    selector: "MemberExpression[object.name='ctx'][property.name='db']",
    message: "ctx.db is for query files: pass ctx to a service, the service calls <area>.queries.ts.",
  },
];

export default tseslint.config(
  {
    ignores: ["node_modules/**", "dist/**", "web/dist/**", "data/**", "artifacts/**", "coverage/**", "bench/.data*/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mts}"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver": undefined,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    files: ["web/src/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: ["**/*.routes.ts", "**/*.service.ts"],
    rules: { "no-restricted-syntax": ["error", ...noSqlHere] },
  },
  {
    // Production code never reaches into the tests' folder: the demo seed and the CLI use server/db/factories.ts.
    files: ["server/**/*.ts", "shared/**/*.ts", "web/src/**/*.{ts,tsx}"],
    ignores: ["server/test/**", "**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "(^|/)test/", message: "server/test is for tests only." }] },
      ],
    },
  },
  {
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: "module",
      globals: {
        require: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        window: "readonly",
        document: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
      },
    },
  },
);
