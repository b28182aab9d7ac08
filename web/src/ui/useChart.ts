import { type EChartsCoreOption, type EChartsType, init } from 'echarts/core';
import { useEffect, useRef } from 'react';

/**
 * One ECharts instance for the life of a box: new options go through setOption (no flicker, no new SVG), series
 * replaced rather than merged (the categories may change between two loads), and the chart follows its box
 * (window resize, the phone's rotation, a column wrapping below). It draws what the caller's chart module
 * registered with `use` (dashboard/echarts.ts, correlation/graph.ts), each in its own lazy chunk.
 */
export function useChart(option: EChartsCoreOption) {
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
    chart.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option]);

  return box;
}
