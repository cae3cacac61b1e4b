// The settings page's entry: the same page inside Electron's window (IPC) and
// in a browser (the admin HTTP API).
import { render } from 'preact';
import { App } from './App.js';
import { createBackend } from './backend.js';
import './settings.css';

const root = document.getElementById('settings');
if (root) render(<App backend={createBackend()} />, root);
