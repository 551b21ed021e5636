// Loaded with `node --import`: from here on, `import 'electron'` in the built main bundle gets the double.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
