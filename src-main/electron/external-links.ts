/** Where an https link in the app may lead: the agents' setup and account pages, and the project. */
const ALLOWED_HOSTS = [
  'github.com',
  'docs.anthropic.com',
  'docs.claude.com',
  'console.anthropic.com',
  'platform.openai.com',
  'developers.openai.com',
  'ai.google.dev',
  'aistudio.google.com',
  'cloud.google.com',
];

/** Links open in the person's browser only when they are https to a known host, never with credentials. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '')
    return false;
  return ALLOWED_HOSTS.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));
}
