import { useEffect, useRef } from 'react';
import { type ChartOption, type EChartsType, init } from './echarts.js';

/**
 * One ECharts instance for the life of the panel: new numbers go through setOption (no flicker, no new SVG),
 * and the chart follows its box (window resize, the phone's rotation, the feed column wrapping below).
 * ECharts marks the box role="img" with the option's aria description.
 */
export function Chart({ option, className }: { option: ChartOption; className: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // The categories may change between two loads (another period): series data are replaced, not merged.
    chart.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option]);

  return <div ref={box} className={`chart ${className}`} data-testid="chart" />;
}
