'use client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('demo/index.html has no #root element: the demo page cannot mount.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
