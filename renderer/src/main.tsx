import { render } from 'preact';
import { App } from './App.js';
import './style.css';

const root = document.getElementById('app');
if (root) render(<App />, root);

// The app shell works offline once installed (public/sw.js).
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
