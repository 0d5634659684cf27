// Validates the sample app with ajv, a validator independent of NJsonSchema, in strict mode (unknown keywords
// are errors). Exits non-zero when a schema does not compile, the sample app fails, or a known-bad document passes.
const Ajv = require('ajv');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const schemaDir = path.join(root, 'schemas');
const ajv = new Ajv({ allErrors: true, strict: true });
for (const file of fs.readdirSync(schemaDir).filter(f => f.endsWith('.json'))) {
  const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8'));
  ajv.addSchema({ ...schema, $id: file }, file); // $id = file name, so relative $ref resolve as on disk
}

let failures = 0;
let passed = 0;
function expect(schemaFile, document, label, shouldPass) {
  const validate = ajv.getSchema(schemaFile);
  const ok = validate(document);
  if (ok === shouldPass) {
    passed++;
  } else {
    failures++;
    console.error(`FAIL ${label}: expected ${shouldPass ? 'valid' : 'invalid'} against ${schemaFile}`, JSON.stringify(validate.errors));
  }
}

const read = p => JSON.parse(fs.readFileSync(path.join(root, p), 'utf8'));
expect('app.schema.json', read('app.json'), 'app.json', true);
const login = 'elements/auths/loginTypes/myWeChatMiniLogin';
expect('auths.loginTypes.WeChatMiniType.element.schema.json', read(`${login}/e.json`), `${login}/e.json`, true);
expect('auths.loginTypes.WeChatMiniType.config.schema.json', read(`${login}/myWeChatMiniLogin.json`), `${login}/myWeChatMiniLogin.json`, true);

const type = 'auths.loginTypes.WeChatMiniType';
expect('auths.loginTypes.WeChatMiniType.element.schema.json', { title: 'x', type, allowRegister: 2 }, 'allowRegister out of range', false);
expect('auths.loginTypes.WeChatMiniType.element.schema.json', { type }, 'missing title', false);
expect('auths.loginTypes.WeChatMiniType.element.schema.json', { title: 'x', type, backendBundleEntry: './src' }, 'backendBundleEntry not "."', false);
expect('auths.loginTypes.WeChatMiniType.config.schema.json', { authConfig: { appId: 'nope', appSecret: 'x' } }, 'bad appId', false);
expect('auths.loginTypes.WeChatMiniType.config.schema.json', { authConfig: { appId: 'wx0123456789abcdef' } }, 'missing appSecret', false);
expect('element.schema.json', { title: 'x', type: 'not a name' }, 'type not a fullName', false);
// The schemas name every key they know, so an editor flags a typo as the runtime does (JIT045).
expect('auths.loginTypes.WeChatMiniType.element.schema.json', { title: 'x', type, alowRegister: 1 }, 'misspelt allowRegister', false);
expect('auths.loginTypes.WeChatMiniType.element.schema.json', { title: 'x', type, functionList: [{ name: 'f', titel: 'F' }] }, 'misspelt function key', false);
expect('auths.loginTypes.services.AuthSvcType.element.schema.json', { title: 'x', type: 'auths.loginTypes.services.AuthSvcType', sessionLifetimeMinutes: 5, tag: 't' }, 'AuthSvc with common keys', true);
expect('auths.loginTypes.WeChatMiniType.config.schema.json', { authConfig: { appId: 'wx0123456789abcdef', appSecret: 'x', apSecret: 'y' } }, 'misspelt appSecret', false);
expect('auths.loginTypes.WeChatMiniType.config.schema.json', { authConfig: { appId: 'wx0123456789abcdef', appSecret: 'x' }, extra: 1 }, 'unknown top-level key', false);

const sqlite = 'databases.SqliteType.config.schema.json';
const pg = 'databases.PgSqlType.config.schema.json';
expect(sqlite, { dbType: 'sqlite', dbConfig: { database: 'data/app.db' } }, 'JitAi SQLite configuration', true);
expect(sqlite, { dbType: 'mysql', dbConfig: { database: 'data/app.db' } }, 'SQLite dbType not sqlite', false);
expect(sqlite, { dbType: 'sqlite', dbConfig: {} }, 'SQLite without database', false);
expect(pg, { host: 'db', port: 5432, dbname: 'app', user: 'jit', password: '${PG_PASSWORD}', maxPoolSize: 20 }, 'PostgreSQL configuration', true);
expect(pg, { host: 'db', port: 70000, dbname: 'app', user: 'jit' }, 'PostgreSQL port out of range', false);
expect(pg, { host: 'db', dbname: 'app', user: 'jit', pasword: 'typo' }, 'PostgreSQL unknown key', false);
expect('app.schema.json', { name: 'x', settings: { defaultElement: { defaultDatabase: 'databases.Default' } } }, 'defaultDatabase', true);
expect('app.schema.json', { name: 'x', settings: { defaultElement: { defaultDatabase: 'not a name' } } }, 'defaultDatabase not a fullName', false);

console.log(`schema interop (ajv ${require('ajv/package.json').version}, strict): ${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
