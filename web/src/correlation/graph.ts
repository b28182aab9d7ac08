import { GraphChart, type GraphSeriesOption } from 'echarts/charts';
import { AriaComponent, type AriaComponentOption } from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// The cluster graph's part of ECharts, in the clusters' lazy chunk: the graph series only, SVG (the app's CSP).
use([GraphChart, AriaComponent, SVGRenderer]);

export type GraphOption = ComposeOption<GraphSeriesOption | AriaComponentOption>;
