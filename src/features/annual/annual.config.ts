import { type Setting, text } from '../../platform/config.js';

/** The annual report's settings: the font its PDF embeds. */
export const annualSettings = {
  annualPdfFont: text(
    'RENRAKU_PDF_FONT',
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    "Font embedded in the annual report's PDF (a TrueType/OpenType file or collection with Japanese glyphs; Debian's fonts-noto-cjk by default). Missing: the PDF answers 503 annual.pdf_font_missing.",
  ),
} satisfies Record<string, Setting<unknown>>;
