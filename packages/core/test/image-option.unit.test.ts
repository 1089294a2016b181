import { describe, expect, it } from 'vitest';
import { createSession, parseSessionOptions, ValidationError } from '@llmsb/core';
import { fakeOptions, fakeRegistry } from './helpers.js';

const HEX = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);

/** The error parsing `image` throws, or undefined. */
function refusal(image: string): unknown {
  try {
    parseSessionOptions({ image });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the image session option', () => {
  it.each([
    'python:3.11-slim',
    'llmsb/python:abc123',
    'localhost:5000/team/img:v1',
    `ghcr.io/a/b@sha256:${HEX}`,
    `ghcr.io/a/b:1.0@sha256:${HEX}`,
    'debian',
    'library/debian:bookworm',
    'my_org/my__img.v2-x:Latest_1.0',
    'registry.example.com:443/a/b/c',
    'Registry.Example.com/a/b',
    '[::1]:5000/img',
    'a--b',
    `x:${'t'.repeat(128)}`,
  ])('accepts %s', (image) => expect(parseSessionOptions({ image }).image).toBe(image));

  it.each([
    ['python; rm -rf /', 'image "python; rm -rf /" is not a valid Docker image reference'],
    ['a b', 'image "a b" is not a valid Docker image reference'],
    ['$(id)', 'image $(id) is not a valid Docker image reference'],
    ['`id`', 'image `id` is not a valid Docker image reference'],
    ['UPPER/case', 'image UPPER/case has uppercase letters in its repository path'],
    ['Python:3', 'image Python:3 has uppercase letters in its repository path'],
    ['-x', 'image -x is not a valid Docker image reference'],
    ['', 'image "" is empty'],
    ['python:3.11 ', 'image "python:3.11 " has a tag "3.11 "'],
    ['python\n', 'image "python\\n" is not a valid Docker image reference'],
    ['python:', 'image python: has a tag "" that is not'],
    ['python:-x', 'image python:-x has a tag -x that is not'],
    [`python:${'t'.repeat(129)}`, 'has a tag'],
    ['a:b:c', 'image a:b:c is not a valid Docker image reference'],
    ['a/', 'image a/ is not a valid Docker image reference'],
    ['/a', 'image /a is not a valid Docker image reference'],
    ['a//b', 'image a//b is not a valid Docker image reference'],
    ['a_', 'image a_ is not a valid Docker image reference'],
    ['a___b', 'image a___b is not a valid Docker image reference'],
    ['ghcr.io/a/b@sha256:abc', 'image ghcr.io/a/b@sha256:abc has a digest that is not sha256:<64 lowercase hex digits>'],
    [`ghcr.io/a/b@md5:${HEX}`, 'has a digest that is not'],
    ['-bad.io/a', 'image -bad.io/a has a registry -bad.io that is not a host name'],
    ['host:port/a', 'image host:port/a has a registry host:port that is not a host name'],
    [`${'a'.repeat(256)}`, 'has a name of 256 characters'],
  ])('refuses %j with a ValidationError naming the image', (image, message) => {
    const error = refusal(image);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
  });

  it('createSession refuses a bad image before opening anything', async () => {
    await expect(createSession({ ...fakeOptions, image: 'python; rm -rf /' }, fakeRegistry())).rejects.toBeInstanceOf(ValidationError);
  });
});
