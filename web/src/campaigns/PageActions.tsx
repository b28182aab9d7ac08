import type { ReactNode } from 'react';

/** The actions under a campaign or check: reload first (answers keep coming in), then what else the page offers. */
export function PageActions({
  onReload,
  reloadLabel,
  children,
}: {
  onReload: () => void;
  reloadLabel: string;
  children?: ReactNode;
}) {
  return (
    <div className="actions">
      <button type="button" onClick={onReload}>
        {reloadLabel}
      </button>
      {children}
    </div>
  );
}
