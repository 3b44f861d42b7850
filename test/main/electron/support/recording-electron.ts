/**
 * A recording stand-in for the `electron` module, for loading the built main bundle without the
 * Electron binary. It keeps what the app did (window options, handlers, menus, tray, toasts,
 * dialogs) so the contract tests can inspect it and play the user (clicks, window moves).
 */
import { existsSync } from 'node:fs';

type Handler = (...args: unknown[]) => unknown;

/** A menu template item as the app passes it (MenuItemConstructorOptions subset). */
export interface TemplateItem {
  readonly label?: string;
  readonly role?: string;
  readonly type?: string;
  readonly accelerator?: string;
  readonly click?: () => void;
  readonly submenu?: TemplateItem[];
}

/** What the app did to the stand-in. */
export interface Recorded {
  windows: FakeWindow[];
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  appHandlers: Map<string, Handler>;
  permissionRequest: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null;
  permissionCheck: (() => boolean) | null;
  applicationMenu: TemplateItem[] | null;
  trays: FakeTray[];
  notifications: FakeNotification[];
  messageBoxes: Record<string, unknown>[];
  openDialogs: Record<string, unknown>[];
  /** Answers for the next showOpenDialog calls (default: cancelled). */
  openDialogAnswers: { canceled: boolean; filePaths: string[] }[];
  externalUrls: string[];
  quits: number;
  sandboxEnabled: boolean;
  appUserModelId: string | null;
}

/** A recorded BrowserWindow. */
export interface FakeWindow {
  readonly options: { webPreferences?: Record<string, unknown>; x?: number; y?: number; width?: number; height?: number };
  readonly handlers: Map<string, Handler[]>;
  readonly webContentsHandlers: Map<string, Handler>;
  readonly sent: { channel: string; payload: unknown }[];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null;
  maximized: boolean;
  shown: number;
  focused: number;
  emit(event: string, ...args: unknown[]): void;
}

/** A recorded Tray. */
export interface FakeTray {
  readonly imagePath: string;
  tooltip: string;
  menu: TemplateItem[] | null;
  destroyed: boolean;
  readonly handlers: Map<string, Handler>;
}

/** A recorded Notification. */
export interface FakeNotification {
  readonly options: { title: string; body: string };
  readonly handlers: Map<string, Handler>;
  shown: boolean;
}

/** Builds the stand-in: `userData` is app.getPath('userData'), `appPath` the project root. */
export function recordingElectron(userData: string, appPath: string): { electron: unknown; recorded: Recorded } {
  const recorded: Recorded = {
    windows: [],
    ipcHandlers: new Map(),
    appHandlers: new Map(),
    permissionRequest: null,
    permissionCheck: null,
    applicationMenu: null,
    trays: [],
    notifications: [],
    messageBoxes: [],
    openDialogs: [],
    openDialogAnswers: [],
    externalUrls: [],
    quits: 0,
    sandboxEnabled: false,
    appUserModelId: null,
  };
  const mainFrame = { url: 'file:///app/out/renderer/index.html' };

  class BrowserWindow implements FakeWindow {
    static getAllWindows = () => recorded.windows.filter((w) => !(w as BrowserWindow).destroyed);
    static getFocusedWindow = () => null;
    readonly handlers = new Map<string, Handler[]>();
    readonly webContentsHandlers = new Map<string, Handler>();
    readonly sent: { channel: string; payload: unknown }[] = [];
    windowOpenHandler: FakeWindow['windowOpenHandler'] = null;
    maximized = false;
    shown = 0;
    focused = 0;
    destroyed = false;
    readonly webContents = {
      mainFrame,
      on: (event: string, fn: Handler) => void this.webContentsHandlers.set(event, fn),
      setWindowOpenHandler: (fn: FakeWindow['windowOpenHandler']) => void (this.windowOpenHandler = fn),
      send: (channel: string, payload: unknown) => void this.sent.push({ channel, payload }),
    };
    constructor(readonly options: FakeWindow['options']) {
      recorded.windows.push(this);
    }
    on(event: string, fn: Handler) {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
      return this;
    }
    once(event: string, fn: Handler) {
      return this.on(event, fn);
    }
    emit(event: string, ...args: unknown[]) {
      for (const fn of this.handlers.get(event) ?? []) fn(...args);
      if (event === 'closed') this.destroyed = true;
    }
    show() {
      this.shown += 1;
    }
    focus() {
      this.focused += 1;
    }
    maximize() {
      this.maximized = true;
      this.shown += 1;
    }
    isMaximized() {
      return this.maximized;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    getNormalBounds() {
      const { x = 0, y = 0, width = 0, height = 0 } = this.options;
      return { x, y, width, height };
    }
    isDestroyed() {
      return this.destroyed;
    }
    loadFile() {
      return Promise.resolve();
    }
    loadURL() {
      return Promise.resolve();
    }
  }

  class Tray implements FakeTray {
    tooltip = '';
    menu: TemplateItem[] | null = null;
    destroyed = false;
    readonly handlers = new Map<string, Handler>();
    readonly imagePath: string;
    constructor(image: { path: string }) {
      this.imagePath = image.path;
      recorded.trays.push(this);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: { template: TemplateItem[] }) {
      this.menu = menu.template;
    }
    on(event: string, fn: Handler) {
      this.handlers.set(event, fn);
    }
    destroy() {
      this.destroyed = true;
    }
  }

  class Notification implements FakeNotification {
    static isSupported = () => true;
    readonly handlers = new Map<string, Handler>();
    shown = false;
    constructor(readonly options: FakeNotification['options']) {
      recorded.notifications.push(this);
    }
    on(event: string, fn: Handler) {
      this.handlers.set(event, fn);
    }
    show() {
      this.shown = true;
    }
  }

  const lastArg = (args: unknown[]) => args[args.length - 1] as Record<string, unknown>;
  const electron = {
    app: {
      isPackaged: false,
      enableSandbox: () => void (recorded.sandboxEnabled = true),
      requestSingleInstanceLock: () => true,
      setAppUserModelId: (id: string) => void (recorded.appUserModelId = id),
      whenReady: () => Promise.resolve(),
      on: (event: string, fn: Handler) => void recorded.appHandlers.set(event, fn),
      getPath: () => userData,
      getAppPath: () => appPath,
      quit: () => void (recorded.quits += 1),
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => void recorded.ipcHandlers.set(channel, fn) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Recorded['permissionRequest']) => void (recorded.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Recorded['permissionCheck']) => void (recorded.permissionCheck = fn),
      },
    },
    Menu: {
      buildFromTemplate: (template: TemplateItem[]) => ({ template }),
      setApplicationMenu: (menu: { template: TemplateItem[] } | null) => void (recorded.applicationMenu = menu?.template ?? null),
    },
    Tray,
    Notification,
    nativeImage: { createFromPath: (path: string) => ({ path, isEmpty: () => !existsSync(path) }) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    dialog: {
      showOpenDialog: async (...args: unknown[]) => {
        recorded.openDialogs.push(lastArg(args));
        return recorded.openDialogAnswers.shift() ?? { canceled: true, filePaths: [] };
      },
      showSaveDialog: async () => ({ canceled: true }),
      showMessageBox: async (...args: unknown[]) => {
        recorded.messageBoxes.push(lastArg(args));
        return { response: 0, checkboxChecked: false };
      },
    },
    shell: {
      openPath: async () => '',
      openExternal: async (url: string) => void recorded.externalUrls.push(url),
    },
  };
  return { electron, recorded };
}
