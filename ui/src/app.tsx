import { useEffect, type ReactNode } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { whenUnauthenticated } from './api/client';
import { credential, signOut } from './api/session';
import { AskPage } from './pages/ask';
import { ChangesPage } from './pages/changes';
import { ClustersPage } from './pages/clusters';
import { ExposurePage } from './pages/exposure';
import { ObjectPage } from './pages/object';
import { SignInPage } from './pages/sign-in';
import { SnapshotPage } from './pages/snapshot';
import { TrendsPage } from './pages/trends';
import { UploadPage } from './pages/upload';
import { WhatIfPage } from './pages/what-if';

function RequireSignIn({ children }: { children: ReactNode }) {
  const location = useLocation();
  if (credential() === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Shell({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">PolicyScope</span>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Clusters
          </NavLink>
          <NavLink to="/changes">Changes</NavLink>
          <NavLink to="/upload">Upload</NavLink>
        </nav>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            signOut();
            navigate('/sign-in');
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export function App() {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => whenUnauthenticated(() => navigate('/sign-in', { state: { from: location.pathname + location.search, expired: true } })), [navigate, location]);
  const page = (node: ReactNode) => (
    <RequireSignIn>
      <Shell>{node}</Shell>
    </RequireSignIn>
  );
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/" element={page(<ClustersPage />)} />
      <Route path="/clusters/:cluster/trends" element={page(<TrendsPage />)} />
      <Route path="/snapshots/:id" element={page(<SnapshotPage />)} />
      <Route path="/snapshots/:id/ask" element={page(<AskPage />)} />
      <Route path="/snapshots/:id/exposure" element={page(<ExposurePage />)} />
      <Route path="/snapshots/:id/what-if" element={page(<WhatIfPage />)} />
      <Route path="/snapshots/:id/objects/:kind/:name" element={page(<ObjectPage />)} />
      <Route path="/snapshots/:id/objects/:kind/:namespace/:name" element={page(<ObjectPage />)} />
      <Route path="/changes" element={page(<ChangesPage />)} />
      <Route path="/upload" element={page(<UploadPage />)} />
      <Route path="*" element={page(<p>No page here. <NavLink to="/">Back to the clusters</NavLink></p>)} />
    </Routes>
  );
}
