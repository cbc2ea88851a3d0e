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
