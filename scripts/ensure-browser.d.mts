export interface BrowserSources {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  playwrightBuild(): Promise<string>;
  systemCandidates(): Array<string | null>;
  download(): boolean;
  canInstallPackage(): boolean;
  installPackage(): boolean;
  log(line: string): void;
}

export type FoundBrowser = { path: string; source: string } | { error: string };

export const NO_BROWSER: string;
export const systemSources: BrowserSources;
export function ensureBrowser(sources?: BrowserSources): Promise<FoundBrowser>;
