import module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Registers import-in-the-middle for exactly the modules Sightline patches, so every other import
 * of an ESM app loads untouched. Uses Node's synchronous in-thread hooks where they work
 * (Node >= 22.22.3 / 24.11.1) and the off-thread `module.register` loader otherwise. Synchronous
 * on purpose: with `--require` the preload cannot await.
 */
export function registerEsmHook(modules: string[], mode: 'auto' | 'sync' | 'async' = 'auto'): 'sync' | 'async' | 'none' {
  if (modules.length === 0) return 'none';
  const { supportsSyncHooks } = require('import-in-the-middle/supports-sync-hooks.mjs') as { supportsSyncHooks(): boolean };
  if (mode !== 'async' && supportsSyncHooks()) {
    const { register } = require('import-in-the-middle/register-hooks.mjs') as { register(o: { include: string[] }): void };
    register({ include: modules });
    module.registerHooks({ resolve: keepBuiltinsBuiltin });
    return 'sync';
  }
  const { createAddHookMessageChannel } = require('import-in-the-middle') as {
    createAddHookMessageChannel(): { registerOptions: { data: { include: string[] }; transferList: unknown[] } };
  };
  const { registerOptions } = createAddHookMessageChannel();
  registerOptions.data.include = modules;
  module.register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions as never);
  return 'async';
}

/**
 * import-in-the-middle 3.6 gives what is required without a parent module (the `[eval]` of `node -e`)
 * the format `commonjs` when Node left it open, builtins included, and Node then reads `node:module`
 * from disk: `node --require @sightline/instrumentation -e ...` failed with ENOENT. Registered after it,
 * so it sees (and mends) that result.
 */
const keepBuiltinsBuiltin: module.ResolveHookSync = (specifier, context, nextResolve) => {
  const result = nextResolve(specifier, context);
  return result.format === 'commonjs' && result.url.startsWith('node:') ? { ...result, format: 'builtin' } : result;
};
