import { describe, expect, test } from '@jest/globals';
import { ConfigurationError } from '../../src/errors.js';
import { isLoopback, noProxyMatches, proxyFor } from '../../src/http/proxy.js';

describe('noProxyMatches', () => {
  test.each<[string, string, number, boolean]>([
    // nothing, or everything
    ['', 'example.com', 443, false],
    [' , ,', 'example.com', 443, false],
    ['*', 'example.com', 443, true],
    ['*', '10.0.0.1', 80, true],
    ['example.org, *', 'example.com', 443, true],
    // a name matches itself and the names under it, not names that merely end alike
    ['example.com', 'example.com', 443, true],
    ['example.com', 'registry.example.com', 443, true],
    ['example.com', 'a.b.example.com', 443, true],
    ['example.com', 'badexample.com', 443, false],
    ['example.com', 'example.com.evil.net', 443, false],
    ['registry.example.com', 'example.com', 443, false],
    // a leading dot or "*." (curl: ".example.com" also switches off the proxy for example.com)
    ['.example.com', 'example.com', 443, true],
    ['.example.com', 'registry.example.com', 443, true],
    ['*.example.com', 'registry.example.com', 443, true],
    ['*.example.com', 'example.com', 443, true],
    ['.example.com', 'badexample.com', 443, false],
    // case, spaces, a trailing dot
    ['Example.COM', 'REGISTRY.example.com', 443, true],
    ['example.com.', 'registry.example.com', 443, true],
    ['example.com', 'registry.example.com.', 443, true],
    ['  foo.internal   example.com  ', 'example.com', 443, true],
    ['foo.internal,example.com', 'bar.internal', 443, false],
    // host:port
    ['example.com:8443', 'example.com', 8443, true],
    ['example.com:8443', 'example.com', 443, false],
    ['example.com:443', 'registry.example.com', 443, true],
    // IP addresses match exactly, never by suffix
    ['10.0.0.1', '10.0.0.1', 443, true],
    ['10.0.0.1', '10.0.0.10', 443, false],
    ['0.0.1', '10.0.0.1', 443, false],
    ['.0.0.1', '10.0.0.1', 443, false],
    ['10.0.0.1:5000', '10.0.0.1', 5000, true],
    ['10.0.0.1:5000', '10.0.0.1', 443, false],
    // ranges
    ['10.0.0.0/8', '10.213.4.5', 443, true],
    ['10.0.0.0/8', '11.0.0.1', 443, false],
    ['192.168.1.0/24', '192.168.1.255', 80, true],
    ['192.168.1.0/24', '192.168.2.1', 80, false],
    ['10.0.0.0/8', 'ten.example.com', 443, false],
    ['10.0.0.0/99', '10.0.0.1', 443, false],
    ['fd00::/8', 'fd12::1', 443, true],
    ['fd00::/8', '2001:db8::1', 443, false],
    // IPv6: bare, bracketed, with a port, in other spellings
    ['2001:db8::1', '2001:db8::1', 443, true],
    ['2001:db8::1', '[2001:db8::1]', 443, true],
    ['2001:db8::1', '2001:db8:0:0:0:0:0:1', 443, true],
    ['[2001:db8::1]', '2001:db8::1', 443, true],
    ['[2001:db8::1]:8443', '2001:db8::1', 8443, true],
    ['[2001:db8::1]:8443', '2001:db8::1', 443, false],
    ['2001:db8::1', '2001:db8::2', 443, false],
  ])('NO_PROXY=%j, host %s port %d: %s', (list, host, port, matches) => {
    expect(noProxyMatches(list, host, port)).toBe(matches);
  });
});

describe('isLoopback', () => {
  test.each<[string, boolean]>([
    ['localhost', true],
    ['LOCALHOST', true],
    ['localhost.', true],
    ['app.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['localhost.example.com', false],
    ['mylocalhost', false],
    ['::2', false],
  ])('%s: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});

describe('proxyFor', () => {
  const PROXY = 'http://proxy.corp:3128';

  test.each<[string, Record<string, string>, string | undefined]>([
    // the variable by the target's scheme; lower case first, as curl reads them
    ['https://registry.example.com/v2/', { HTTPS_PROXY: PROXY }, `${PROXY}/ HTTPS_PROXY`],
    ['https://registry.example.com/v2/', { https_proxy: PROXY }, `${PROXY}/ https_proxy`],
    [
      'https://registry.example.com/v2/',
      { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' },
      'http://lower:1/ https_proxy',
    ],
    ['https://registry.example.com/v2/', { https_proxy: ' ', HTTPS_PROXY: PROXY }, `${PROXY}/ HTTPS_PROXY`],
    ['http://sonar.example.com:9000/', { HTTP_PROXY: PROXY }, `${PROXY}/ HTTP_PROXY`],
    ['http://sonar.example.com:9000/', { http_proxy: PROXY }, `${PROXY}/ http_proxy`],
    // an https target never falls back to HTTP_PROXY, nor an http one to HTTPS_PROXY
    ['https://registry.example.com/', { HTTP_PROXY: PROXY }, undefined],
    ['http://sonar.example.com/', { HTTPS_PROXY: PROXY }, undefined],
    ['https://registry.example.com/', {}, undefined],
    ['https://registry.example.com/', { HTTPS_PROXY: '' }, undefined],
    // no scheme: http://, as curl reads it; credentials kept
    ['https://registry.example.com/', { HTTPS_PROXY: 'proxy.corp:3128' }, `${PROXY}/ HTTPS_PROXY`],
    [
      'https://registry.example.com/',
      { HTTPS_PROXY: 'http://user:p%40ss@proxy.corp:3128' },
      'http://user:p%40ss@proxy.corp:3128/ HTTPS_PROXY',
    ],
    [
      'https://registry.example.com/',
      { HTTPS_PROXY: 'https://proxy.corp' },
      'https://proxy.corp/ HTTPS_PROXY',
    ],
    // loopback, never
    ['https://localhost:5000/', { HTTPS_PROXY: PROXY }, undefined],
    ['http://127.0.0.1:8080/health', { HTTP_PROXY: PROXY }, undefined],
    ['http://[::1]:8080/health', { HTTP_PROXY: PROXY }, undefined],
    // NO_PROXY, either case, with the scheme's default port
    ['https://registry.example.com/', { HTTPS_PROXY: PROXY, NO_PROXY: 'example.com' }, undefined],
    ['https://registry.example.com/', { HTTPS_PROXY: PROXY, no_proxy: '.example.com' }, undefined],
    ['https://registry.example.com/', { HTTPS_PROXY: PROXY, NO_PROXY: 'example.com:443' }, undefined],
    [
      'https://registry.example.com:5000/',
      { HTTPS_PROXY: PROXY, NO_PROXY: 'example.com:443' },
      `${PROXY}/ HTTPS_PROXY`,
    ],
    ['http://sonar.example.com/', { HTTP_PROXY: PROXY, NO_PROXY: 'sonar.example.com:80' }, undefined],
    [
      'https://registry.example.com/',
      { HTTPS_PROXY: PROXY, no_proxy: 'other.org', NO_PROXY: 'example.com' },
      `${PROXY}/ HTTPS_PROXY`,
    ],
    ['https://10.1.2.3/', { HTTPS_PROXY: PROXY, NO_PROXY: '10.0.0.0/8' }, undefined],
    ['https://[fd00::5]:5000/', { HTTPS_PROXY: PROXY, NO_PROXY: '[fd00::5]:5000' }, undefined],
  ])('%s with %j: %s', (target, env, expected) => {
    const proxy = proxyFor(target, env);
    expect(proxy && `${proxy.url.href} ${proxy.variable}`).toBe(expected);
  });

  test.each([
    ['socks5://proxy.corp:1080', 'HTTPS_PROXY: socks5 proxies are not supported'],
    ['http://', 'HTTPS_PROXY: not a proxy address'],
  ])('HTTPS_PROXY=%s: a configuration error', (value, message) => {
    expect(() => proxyFor('https://registry.example.com/', { HTTPS_PROXY: value })).toThrow(
      ConfigurationError,
    );
    expect(() => proxyFor('https://registry.example.com/', { HTTPS_PROXY: value })).toThrow(message);
  });
});
