import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../admin/Dialog.js';
import { useLang } from '../lang.js';
import { refusalText } from './problemText.js';
import { levelName } from './roles.js';
import { type Situation, situationQueries, situationsApi } from './situations.api.js';

type Open = 'level' | 'standDown' | null;

/**
 * The coordinator's actions on an open situation: change the level, stand down (終結). Each asks first in a
 * dialog (focus moves in, Escape cancels, focus goes back to the button), and says what happened.
 */
export function CoordinatorActions({
  s,
  onDone,
}: {
  s: Situation;
  onDone: (done: 'level' | 'standDown') => void;
}) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  const levels = useQuery(situationQueries.levels()).data ?? [];
  const [open, setOpen] = useState<Open>(null);
  const [level, setLevel] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  if (!s.open) return null;

  const start = (which: Open) => {
    setLevel(levels.find((l) => l.id !== s.level)?.id ?? '');
    setNote('');
    setProblem(null);
    setOpen(which);
  };

  async function act(which: 'level' | 'standDown') {
    setBusy(true);
    setProblem(null);
    try {
      if (which === 'level') await situationsApi.changeLevel(s.id, level, note.trim());
      else await situationsApi.standDown(s.id, note.trim());
      setOpen(null);
      await client.invalidateQueries({ queryKey: ['situations'] });
      onDone(which);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  const noteField = (
    <div className="field">
      <label htmlFor="coordinator-note">{t('situations.actionNote')}</label>
      <textarea id="coordinator-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
    </div>
  );
  const end = (which: 'level' | 'standDown', label: string) => (
    <>
      {problem ? (
        <p className="error" role="alert">
          {refusalText(t, problem)}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => setOpen(null)}>
          {t('situations.cancel')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => act(which)}>
          {label}
        </button>
      </div>
    </>
  );

  return (
    <div className="actions coordinator-actions">
      <button type="button" onClick={() => start('level')}>
        {t('situations.changeLevel')}
      </button>
      <button type="button" className="danger-outline" onClick={() => start('standDown')}>
        {t('situations.standDown')}
      </button>
      {open === 'level' && (
        <Dialog title={t('situations.changeLevelTitle')} onClose={() => setOpen(null)}>
          <p>{t('situations.changeLevelQuestion', { current: levelName(levels, s.level, lang) })}</p>
          <div className="field">
            <label htmlFor="coordinator-level">{t('situations.newLevel')}</label>
            <select id="coordinator-level" value={level} onChange={(e) => setLevel(e.target.value)}>
              {levels
                .filter((l) => l.id !== s.level)
                .map((l) => (
                  <option key={l.id} value={l.id}>
                    {l[lang]}
                  </option>
                ))}
            </select>
          </div>
          {noteField}
          {end('level', t('situations.changeLevelConfirm'))}
        </Dialog>
      )}
      {open === 'standDown' && (
        <Dialog title={t('situations.standDownTitle')} onClose={() => setOpen(null)}>
          <p>{t('situations.standDownQuestion', { name: s.name })}</p>
          {noteField}
          {end('standDown', t('situations.standDownConfirm'))}
        </Dialog>
      )}
    </div>
  );
}
