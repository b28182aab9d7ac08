import { requireActor } from '../../platform/auth/authenticate.js';
import type { Api } from '../../platform/http/api.js';
import { extractIndicators } from './indicators.extract.js';
import { ExtractInput, ExtractOut } from './indicators.schemas.js';

const tags = ['incidents'];

export function indicatorRoutes(app: Api): void {
  extractRoute(app);
}

/** POST /api/v1/indicators/extract */
function extractRoute(app: Api): void {
  app.post(
    '/api/v1/indicators/extract',
    {
      schema: {
        operationId: 'extractIndicators',
        tags,
        summary:
          'The typed indicators in pasted text (defanged forms and full-width characters understood), for a report form to confirm; stores nothing',
        body: ExtractInput,
        response: { 200: ExtractOut },
      },
    },
    async (request) => {
      // Any signed-in person may ask: the answer holds only what the caller sent.
      requireActor(request);
      return extractIndicators(request.body.text);
    },
  );
}
