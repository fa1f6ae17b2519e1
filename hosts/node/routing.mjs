// `wasi:http/outgoing-handler` for the Node host: preview2-shim's handler (Node's own HTTP stack, in the shim's
// I/O worker), with an optional base URL override for tests.
//
// The component only ever sends https to its Okta domain. With a base URL, each request goes to the base URL's
// scheme, host and port instead, keeping its path and query, as `okta-harness run --base-url` does; the original
// host and scheme travel as `X-Forwarded-Host` and `X-Forwarded-Proto: https` (Node sets `Host` itself, and WASI
// forbids it in fields), so a loopback fake org (`okta-harness serve`) builds the links the component accepts.

const encoder = new TextEncoder();

/** The base URL as `{scheme, authority}`: http or https, a host, no path beyond `/`, no query. */
export function parseBaseUrl(text) {
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${text}: the scheme must be http or https`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search) {
    throw new Error(`${text}: a base URL has no path or query (requests keep their own)`);
  }
  return { scheme: url.protocol === 'http:' ? { tag: 'HTTP' } : { tag: 'HTTPS' }, authority: url.host };
}

/** `handler` (the shim's `outgoingHandler`), sending every request to `baseUrl` when there is one. */
export function routedOutgoingHandler(handler, baseUrl) {
  if (!baseUrl) return handler;
  const base = parseBaseUrl(baseUrl);
  return {
    handle(request, options) {
      const original = request.authority();
      const headers = request.headers();
      // The request's fields are immutable once it is built; the shim reads them through `entries()` when it
      // sends the request, so the forwarded headers are added there.
      const entries = headers.entries().filter(([name]) => !/^x-forwarded-(host|proto)$/i.test(name));
      entries.push(['x-forwarded-host', encoder.encode(original)], ['x-forwarded-proto', encoder.encode('https')]);
      headers.entries = () => entries;
      request.setScheme(base.scheme);
      request.setAuthority(base.authority);
      return handler.handle(request, options);
    },
  };
}
