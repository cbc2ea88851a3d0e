import module, { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type RequireFn = (this: unknown, id: string) => unknown;

/**
 * Calls `onLoad(name)` once, just before the first `require` or `import` of package `name` (or of a
 * file inside it) resolves, so an instrumentation created there still sees that very first load.
 *
 * CommonJS: a `Module.prototype.require` wrapper. The instrumentation created in `onLoad` installs
 * its own require-in-the-middle wrapper around the current one, which is not on this call's stack,
 * so the call goes through `Module.prototype.require` again once `onLoad` returned.
 * ESM: a `module.registerHooks` resolve hook; import-in-the-middle's wrapper of the module runs the
 * instrumentation's hook when it is evaluated, which is after resolution.
 * Returns false when Node has no `module.registerHooks` (ESM imports could not be seen).
 */
export function onFirstLoad(names: string[], onLoad: (name: string) => void): boolean {
  const registerHooks = (module as { registerHooks?: typeof module.registerHooks }).registerHooks;
  if (typeof registerHooks !== 'function') return false;
  const pending = new Set(names);
  let busy = false;
  /** The pending package `specifier` names, if any; runs `onLoad` for it first. */
  const check = (specifier: unknown): boolean => {
    if (busy || pending.size === 0 || typeof specifier !== 'string') return false;
    const name = packageName(specifier);
    if (name === undefined || !pending.delete(name)) return false;
    busy = true;
    try {
      onLoad(name);
    } finally {
      busy = false;
    }
    return true;
  };

  const Module = require('node:module') as { prototype: { require: RequireFn } };
  const original = Module.prototype.require;
  Module.prototype.require = function sightlineFirstLoad(this: unknown, id: string) {
    if (check(id)) return Module.prototype.require.call(this, id);
    return original.call(this, id);
  };
  registerHooks({
    resolve(specifier, context, nextResolve) {
      check(specifier);
      return nextResolve(specifier, context);
    },
  });
  return true;
}

/** `pg` for `pg`, `pg/lib/client.js`; `@scope/x` for `@scope/x/y`; undefined for relative, absolute and `node:` ids. */
function packageName(specifier: string): string | undefined {
  const c = specifier.charCodeAt(0);
  if (c === 46 /* . */ || c === 47 /* / */ || specifier.includes(':')) return undefined;
  const parts = specifier.split('/', 2);
  return specifier.startsWith('@') ? parts.join('/') : parts[0];
}
