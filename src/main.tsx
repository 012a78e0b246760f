// Browser entry: read what the browser tells us, build the app, mount it.
import { render } from 'solid-js/web';
import { createApp } from './app';
import { App } from './ui/App';
import './ui/shell.css';

const root = document.getElementById('root');
if (root == null) throw new Error('index.html must contain an element with id="root"');

// navigator.languages may be empty (some privacy modes); navigator.language is always set.
const preferredLanguages = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
const app = createApp({ preferredLanguages });

render(() => <App locale={app.locale} services={app.services} />, root);
