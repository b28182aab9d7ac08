import { useLang } from '../lang.js';
import type { Route } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { AnnualList } from './AnnualList.js';
import { AnnualReportPage } from './AnnualReportPage.js';
import './annual.css';

/** The annual report (年次報告書): the fiscal years' reports and one report; one lazily loaded part of the app. */
export function AnnualScreen({ route, ...props }: ScreenProps & { route: Route }) {
  const { t } = useLang();
  if (!offers.annual(props.me)) return <p className="error">{t('common.notAllowed')}</p>;
  if (route.name === 'annualReport') {
    const year = Number(route.id);
    if (!/^[0-9]{4}$/.test(route.id)) return <p className="error">{t('common.notFound')}</p>;
    return <AnnualReportPage key={year} year={year} {...props} />;
  }
  return <AnnualList {...props} />;
}
