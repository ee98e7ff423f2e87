// The request edge (see lib/http/route.ts): route handlers import from here.
export { route, json, NO_STORE, type RouteContext } from "./route";
export { HttpError, invalidRequest, errorResponse, type Issue, type ErrorBody } from "./error";
export { readBodyText, parseJsonText, DEFAULT_BODY_LIMIT } from "./body";
export { bearerToken, requireBearer, unknownCredential } from "./auth";
export { zodQuery, ownQuery, queryIssues } from "./query";
