import { Notification, type BrowserWindow } from 'electron';
import type { DesktopNotice } from './notifications';

/**
 * Shows a notice only when the person is not looking at the window: in the window, the panes already say it.
 * A click brings the window back.
 */
export function showDesktopNotice(notice: DesktopNotice, window: () => BrowserWindow | null): void {
  const target = window();
  if (target && !target.isDestroyed() && target.isFocused()) return;
  if (!Notification.isSupported()) return;
  const shown = new Notification({ title: notice.title, body: notice.body });
  shown.on('click', () => {
    const current = window();
    if (!current || current.isDestroyed()) return;
    if (current.isMinimized()) current.restore();
    current.show();
    current.focus();
  });
  shown.show();
}
