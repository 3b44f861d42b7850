import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { httpApi } from './api/http-api';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={window.wer ?? httpApi()} />
    </StrictMode>,
  );
}
