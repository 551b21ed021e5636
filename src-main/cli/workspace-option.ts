import { checkWorkspace } from '../coordinator/check-workspace';
import { defaultWorkspace } from '../store/paths';

/** `--workspace DIR`, else the app's sessions folder; refused in one message when it is not a folder. */
export const workspaceOption = (value: string | undefined): string =>
  checkWorkspace(value ?? defaultWorkspace());
