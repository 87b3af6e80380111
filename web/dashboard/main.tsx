import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../components/tollgate.css';
import './dashboard.css';
import { DashboardApp } from './DashboardApp.tsx';

const root = document.getElementById('root');
if (root === null) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <DashboardApp />
  </StrictMode>,
);
