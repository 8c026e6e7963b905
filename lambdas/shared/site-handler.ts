import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logged } from './logger.ts';
import { errorResponse } from './problem-response.ts';

/** A public page: no token, the same logging and the same problem+json errors as the API. */
export function siteHandler(main: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) {
  return logged(
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(async (event) => {
      try {
        return await main(event);
      } catch (error) {
        return errorResponse(error, event.rawPath);
      }
    }),
  );
}
