/**
 * The model that did most of a run's work, from a CLI's per-model totals: gemini's `auto` asks a small
 * router model first, then the real one; claude may use a small model for side tasks. Ties keep the first.
 */
export function mainModel(perModel: Readonly<Record<string, number>>): string | undefined {
  let best: string | undefined;
  let most = -1;
  for (const [model, tokens] of Object.entries(perModel)) {
    if (model.trim() === '' || model === 'auto') continue;
    if (tokens > most) [best, most] = [model, tokens];
  }
  return best;
}
