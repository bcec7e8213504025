import { notFound } from './api-error';
import { boxRoutes } from './box-routes';
import type { Datasets } from './datasets';
import { differentialRoutes } from './differential-routes';
import { flatRoutes } from './flat-routes';

/** Answers a data request: the JSON body, or an {@link ApiError} thrown for 400s and 404s. */
export type Router = (path: string, query: URLSearchParams) => unknown;

/** The routes of all five seeds' APIs; any other path is a 404. */
export function createRouter(datasets: Datasets): Router {
  const tables = [flatRoutes(datasets), boxRoutes(datasets.box), differentialRoutes()];
  return (path, query) => {
    for (const routes of tables) {
      const body = routes(path, query);
      if (body !== undefined) return body;
    }
    throw notFound(`no route for ${path}`);
  };
}
