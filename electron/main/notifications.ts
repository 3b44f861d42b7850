import { Notification } from 'electron';
import type { AppCore } from './core/app/app-core';
import { type CrashNotice, NotificationBatcher } from './core/app/notification-batcher';
import type { WindowAccess } from './app-menu';

/**
 * Desktop notifications for new reports (setting "notify about new crashes"), batched by the
 * core's NotificationBatcher. Only reports that arrive while the app runs count: the batcher is
 * armed once the library watches its stores, after the start-up reading. Returns the cleanup.
 */
export function installNotifications(core: Promise<AppCore>, windows: WindowAccess): () => void {
  if (!Notification.isSupported()) return () => undefined;
  // Shown notifications are kept referenced: a collected one loses its click handler.
  const live = new Set<Notification>();
  let stop: () => void = () => undefined;
  let disposed = false;
  let batcher: NotificationBatcher | null = null;
  void core.then((c) => {
    if (disposed) return;
    const show = (notice: CrashNotice) => {
      const toast = new Notification({ title: notice.title, body: notice.body });
      live.add(toast);
      toast.on('click', () => {
        windows.show();
        c.host.emit(notice.target);
      });
      toast.on('close', () => void live.delete(toast));
      toast.show();
    };
    const own = new NotificationBatcher({ show, enabled: () => c.settings.current().notifyNewCrashes });
    batcher = own;
    let armed = false;
    void c.host
      .library()
      .whenWatching()
      .then(() => void (armed = true));
    stop = c.host.subscribe((event) => {
      if (armed) own.push(event);
    });
  });
  return () => {
    disposed = true;
    stop();
    batcher?.dispose();
  };
}
