// Electron entry point. The tray application is built in its own issue; for
// now it only proves that electron/ type-checks against the electron package.
import { app } from 'electron';

app.whenReady().then(() => app.quit());
