import { basename } from 'node:path';

// Entry scripts of package managers and their shims. With NODE_OPTIONS="--import @sightline/instrumentation"
// every Node process starts the preload, including `npm start` itself; instrumenting the tool would
// export a phantom service (its runtime metrics as unknown_service:node) beside the app it runs.
const TOOL_SCRIPTS: Array<[RegExp, string]> = [
  [/^npm(-cli\.js)?$/, 'npm'],
  [/^npx(-cli\.js)?$/, 'npx'],
  [/^pnpm(\.c?js|\.mjs)?$/, 'pnpm'],
  [/^pnpx(\.c?js|\.mjs)?$/, 'pnpx'],
  [/^(yarn|yarnpkg)(\.c?js)?$/, 'yarn'],
  [/^yarn-[\d.]+(-[\w.]+)?\.c?js$/, 'yarn'],
  [/^corepack(\.c?js)?$/, 'corepack'],
];
const TOOL_PACKAGES = /[\\/]node_modules[\\/](npm|pnpm|yarn|corepack|@yarnpkg[\\/]cli-dist)[\\/]/;

/** The package manager this process is (from its entry script), or undefined for an app. */
export function detectToolProcess(entry: string | undefined): string | undefined {
  if (!entry) return undefined;
  const name = basename(entry);
  for (const [re, tool] of TOOL_SCRIPTS) if (re.test(name)) return tool;
  const m = TOOL_PACKAGES.exec(entry);
  return m ? m[1]!.replace(/@yarnpkg[\\/]cli-dist/, 'yarn') : undefined;
}
