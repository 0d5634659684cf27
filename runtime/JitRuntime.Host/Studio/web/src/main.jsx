// The Element Studio: the app's element tree with live diagnostics, new elements by Meta → Type → name with forms
// generated from the Type's JSON Schemas by react-jsonschema-form, editing as form or JSON source, deleting.
// Every change is validated and written by the host (/studio/api); this page only shows and sends.
import React, { useCallback, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import Form from "@rjsf/core";
import validator from "@rjsf/validator-ajv8";

const api = (path, options = {}) =>
  fetch(`/studio/api/${path}`, { credentials: "same-origin", headers: { "content-type": "application/json" }, ...options })
    .then(async (response) => ({ ok: response.ok, status: response.status, body: await response.json().catch(() => ({})) }));

// Keys jit writes itself, or that are edited as source: not shown in the declaration form.
const hiddenDeclarationKeys = ["$schema", "type", "backendBundleEntry", "frontBundleEntry", "functionList"];

// Defaults are the runtime's to apply: the form writes only what the author sets and the required keys, never an
// optional object filled with its defaults (an optional registerRisk would then be half written, and invalid).
const defaults = { emptyObjectFields: "populateRequiredDefaults" };

// The form shows a schema without the keys written by jit or edited as source; their values stay in the document.
function formSchema(schema, hidden) {
  const properties = { ...schema.properties };
  for (const key of hidden) delete properties[key];
  return { ...schema, properties, required: (schema.required ?? []).filter((key) => !hidden.includes(key)) };
}

function uiSchemaFor(schema, secrets = []) {
  const ui = { "ui:submitButtonOptions": { norender: true } };
  for (const secret of secrets) {
    const path = secret.split(".");
    let node = ui;
    for (const segment of path.slice(0, -1)) node = node[segment] ??= {};
    node[path.at(-1)] = { "ui:readonly": true, "ui:help": "A secret: never shown here, read from the environment variable named as ${NAME}." };
  }
  return ui;
}

// Diagnostics placed at their keys, in react-jsonschema-form's extraErrors shape ({ authConfig: { appId: { __errors: [...] } } }).
function extraErrorsFor(diagnostics, document) {
  const errors = {};
  for (const d of diagnostics.filter((d) => d.document === document)) {
    let node = errors;
    for (const segment of (d.key || "").split(".").filter(Boolean)) node = node[segment] ??= {};
    (node.__errors ??= []).push(d.text);
  }
  return errors;
}

function Tree({ state, selected, onSelect }) {
  const groups = [["Instances", state.elements.filter((e) => e.role === "instance")], ["Type elements", state.elements.filter((e) => e.role === "type")]];
  return (
    <nav data-testid="tree">
      {groups.map(([title, elements]) => (
        <section key={title}>
          <h3>{title}</h3>
          <ul>
            {elements.map((e) => (
              <li key={e.fullName} data-testid={`element-${e.fullName}`} data-status={e.status} className={e.fullName === selected ? "selected" : ""}>
                <button onClick={() => onSelect(e)} disabled={!e.own} title={e.own ? "edit" : "inherited from a parent app"}>
                  <span className={`status ${e.status.startsWith("ready") ? "ready" : "broken"}`}>{e.status}</span> {e.fullName}
                </button>
                {e.diagnostics.map((d) => <div key={d} className="diagnostic">{d}</div>)}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section>
        <h3>Metas and Types</h3>
        <ul>{state.types.map((t) => <li key={t.name} className="type">{t.kind} {t.name}</li>)}</ul>
      </section>
      {state.diagnostics.map((d) => <div key={d} className="diagnostic">{d}</div>)}
    </nav>
  );
}

function Editor({ state, editing, onDone }) {
  const isNew = editing === "new";
  const metas = state.types.filter((t) => t.kind === "meta");
  const [meta, setMeta] = useState("");
  const [type, setType] = useState(isNew ? "" : editing.type);
  const [fullName, setFullName] = useState(isNew ? "" : editing.fullName);
  const [form, setForm] = useState(null);
  const [declaration, setDeclaration] = useState({});
  const [configuration, setConfiguration] = useState(undefined);
  const [source, setSource] = useState(false);
  const [diagnostics, setDiagnostics] = useState([]);
  const [message, setMessage] = useState("");
  const [failed, setFailed] = useState(false);
  const types = state.types.filter((t) => t.kind === "type" && (meta === "" || t.meta === meta));

  useEffect(() => {
    if (!isNew) {
      api(`elements/${encodeURIComponent(editing.fullName)}`).then(({ body }) => {
        setDeclaration(body.declaration ?? {});
        setConfiguration(body.configuration ?? undefined);
        setType(body.type);
      });
    }
  }, [isNew, editing]);

  useEffect(() => {
    if (type) api(`types/${encodeURIComponent(type)}/form`).then(({ ok, body }) => setForm(ok ? body : null));
  }, [type]);

  // What a save sends is the documents as they are now, not as the last render saw them (a click right after typing).
  const latest = useRef({ declaration, configuration });
  latest.current = { declaration, configuration };
  const changeDeclaration = (value) => { latest.current.declaration = value; setDeclaration(value); };
  const changeConfiguration = (value) => { latest.current.configuration = value; setConfiguration(value); };

  const save = useCallback(async () => {
    setMessage("saving…");
    const { declaration, configuration } = latest.current;
    const body = JSON.stringify(isNew ? { type, fullName, declaration, configuration } : { declaration, configuration });
    const { ok, body: answer } = await api(isNew ? "elements" : `elements/${encodeURIComponent(fullName)}`, { method: isNew ? "POST" : "PUT", body });
    setDiagnostics(answer.diagnostics ?? []);
    setFailed(!ok);
    if (ok) {
      const placeholders = (answer.placeholders ?? []).map((p) => ` Set the environment variable ${p.variable} (${p.key}).`).join("");
      setMessage(`Saved ${answer.written.join(", ")}; the host serves it within a moment.${placeholders}`);
      onDone(answer.fullName ?? fullName);
    } else {
      setMessage(answer.detail ?? `refused (${answer.code})`);
    }
  }, [isNew, type, fullName, onDone]);

  const remove = useCallback(async () => {
    if (!window.confirm(`Delete ${fullName}? Its e.json and configuration are removed from elements/.`)) return;
    const { ok, body } = await api(`elements/${encodeURIComponent(fullName)}`, { method: "DELETE" });
    setMessage(ok ? `Deleted ${body.deleted.join(", ")}.` : body.detail);
    if (ok) onDone(null);
  }, [fullName, onDone]);

  const parseSource = (text, set) => { try { set(JSON.parse(text)); setMessage(""); } catch { setMessage("the source is not valid JSON yet"); } };

  return (
    <main data-testid="editor">
      <h2>{isNew ? "New element" : fullName}</h2>
      {isNew && (
        <div className="pick">
          <label>Meta <select data-testid="meta" value={meta} onChange={(e) => { setMeta(e.target.value); setType(""); }}>
            <option value="">(any)</option>{metas.map((m) => <option key={m.name} value={m.name}>{m.name}</option>)}</select></label>
          <label>Type <select data-testid="type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">choose…</option>{types.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}</select></label>
          <label>fullName <input data-testid="fullName" value={fullName} placeholder="auths.loginTypes.shopLogin" onChange={(e) => setFullName(e.target.value)} /></label>
        </div>
      )}
      {form && (
        <>
          <p><label><input type="checkbox" data-testid="source" checked={source} onChange={(e) => setSource(e.target.checked)} /> edit as JSON source</label></p>
          {source ? (
            <div className="source">
              <h3>e.json</h3>
              <textarea data-testid="declaration-source" defaultValue={JSON.stringify(declaration, null, 2)} onChange={(e) => parseSource(e.target.value, changeDeclaration)} />
              {form.configuration && <><h3>configuration</h3>
                <textarea data-testid="configuration-source" defaultValue={JSON.stringify(configuration ?? {}, null, 2)} onChange={(e) => parseSource(e.target.value, changeConfiguration)} /></>}
              {diagnostics.map((d) => <div key={d.text} className="diagnostic">{d.text}</div>)}
            </div>
          ) : (
            <>
              <h3>e.json</h3>
              <Form schema={formSchema(form.declaration, hiddenDeclarationKeys)} uiSchema={uiSchemaFor(form.declaration)} validator={validator} formData={declaration}
                idPrefix="declaration" experimental_defaultFormStateBehavior={defaults} extraErrors={extraErrorsFor(diagnostics, "declaration")} showErrorList={false} noHtml5Validate
                onChange={(e) => changeDeclaration(e.formData)} />
              {form.configuration && <>
                <h3>Business configuration</h3>
                <Form schema={formSchema(form.configuration, ["$schema"])} uiSchema={uiSchemaFor(form.configuration, form.secrets)} validator={validator} formData={configuration}
                  idPrefix="configuration" experimental_defaultFormStateBehavior={defaults} extraErrors={extraErrorsFor(diagnostics, "configuration")} showErrorList={false} noHtml5Validate
                  onChange={(e) => changeConfiguration(e.formData)} />
              </>}
            </>
          )}
          <p className="actions">
            <button data-testid="save" onClick={save} disabled={isNew && (!type || !fullName)}>Save</button>
            {!isNew && <button data-testid="delete" className="danger" onClick={remove}>Delete…</button>}
            <a href="/scalar/" target="_blank" rel="noreferrer">its functions in the API reference</a>
          </p>
        </>
      )}
      <p data-testid="message" className={failed ? "diagnostic" : "message"}>{message}</p>
    </main>
  );
}

function Studio() {
  const [state, setState] = useState(null);
  const [editing, setEditing] = useState(null);
  const [error, setError] = useState("");

  // The tree follows the files: the host reloads on every change (an editor, git checkout, this page), the page polls it.
  useEffect(() => {
    let stopped = false;
    const load = () => api("state").then(({ ok, body }) => {
      if (stopped) return;
      if (ok) { setState(body); setError(""); } else setError(body.detail ?? "the studio refused the request");
    }).catch(() => setError("the host does not answer"));
    load();
    const timer = setInterval(load, 1000);
    return () => { stopped = true; clearInterval(timer); };
  }, []);

  const done = useCallback((fullName) => { if (fullName === null) setEditing(null); }, []);
  if (error && !state) return <p className="diagnostic">{error}</p>;
  if (!state) return <p>loading…</p>;
  return (
    <div className="studio">
      <header>
        <h1>Element Studio — {state.app}</h1>
        <button data-testid="new" onClick={() => setEditing("new")}>New element</button>
        {error && <span className="diagnostic">{error}</span>}
      </header>
      <Tree state={state} selected={editing?.fullName} onSelect={(e) => setEditing(e)} />
      {editing && <Editor key={editing === "new" ? "new" : editing.fullName} state={state} editing={editing} onDone={done} />}
    </div>
  );
}

createRoot(document.getElementById("root")).render(<Studio />);
