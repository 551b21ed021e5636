import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

export async function pickRepository(parent: BrowserWindow | null): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: 'Choose the repository',
    buttonLabel: 'Use this folder',
    properties: ['openDirectory'],
  };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
