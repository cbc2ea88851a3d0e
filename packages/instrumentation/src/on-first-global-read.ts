/**
 * Calls `onRead()` once, on the first read of `globalThis[name]` (a data property), before the
 * value is returned: `fetch(...)` is undici without any import. The property is a plain data
 * property again from then on; an assignment before the first read just replaces the value.
 * Calls `onRead()` at once when the property cannot be watched.
 */
export function onFirstGlobalRead(name: string, onRead: () => void): void {
  const g = globalThis as Record<string, unknown>;
  const own = Object.getOwnPropertyDescriptor(g, name);
  if (!own || !('value' in own) || !own.configurable) {
    onRead();
    return;
  }
  const restore = (value: unknown): void => {
    Object.defineProperty(g, name, { ...own, value });
  };
  Object.defineProperty(g, name, {
    configurable: true,
    enumerable: own.enumerable,
    get() {
      restore(own.value);
      onRead();
      return own.value;
    },
    set(value: unknown) {
      restore(value);
    },
  });
}
