export { applyToArgs, planRecovery, type PlanOptions } from './plan-recovery';
export { CATALOGUE, entriesFor, entryById } from './catalogue';
export { classify, classifyLive } from './classify';
export {
  ERROR_CLASSES,
  type ActionTemplate,
  type CatalogueEntry,
  type ErrorClass,
  type KnownError,
  type RunObservation,
} from './types';
