import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { isLang, LANG_STORAGE_KEY, type Lang, type Translate, translator } from './i18n.js';

function storedLang(): Lang {
  try {
    const value = window.localStorage.getItem(LANG_STORAGE_KEY);
    return isLang(value) ? value : 'ja';
  } catch {
    return 'ja';
  }
}

export interface LangState {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

/** The display language: Japanese unless the user chose English on this browser; kept in `<html lang>`. */
export function useLangState(): LangState {
  const [lang, setLangState] = useState<Lang>(storedLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translator(lang)('app.name');
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Private modes may refuse storage; the choice then lasts for this page only.
    }
    setLangState(next);
  }, []);
  return useMemo(() => ({ lang, t: translator(lang), setLang }), [lang, setLang]);
}

export const LangContext = createContext<LangState>({ lang: 'ja', t: translator('ja'), setLang: () => {} });

export const useLang = () => useContext(LangContext);
