const DOUBLE = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron' || specifier.startsWith('electron/'))
    return { url: DOUBLE, shortCircuit: true };
  return nextResolve(specifier, context);
}
