// photoreel's page: pick photos, upload them straight to S3 through the API's presigned PUT URLs, start the job,
// follow it, play and share the video, revise it. Plain JavaScript, no build step, no library.
// Sign-in: OAuth 2.0 authorization code with PKCE against the deployment's hosted sign-in (Cognito's hosted UI in
// AWS, the local stack's stand-in locally); every API call carries the ID token in Authorization.
'use strict';

(function () {
  const meta = (name) => document.querySelector('meta[name="' + name + '"]').content;
  const BASE = meta('photoreel-base');
  const SIGN_IN_DOMAIN = meta('photoreel-sign-in-domain');
  const SIGN_IN_CLIENT_ID = meta('photoreel-sign-in-client-id');
  const SIGN_IN_ENABLED = SIGN_IN_DOMAIN !== 'none' && SIGN_IN_CLIENT_ID !== 'none';

  // The API's limits (README, "The S3 contract"); the API checks them again.
  const IMAGE_TYPES = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' };
  const MUSIC_TYPES = { mp3: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4', aac: 'audio/aac' };
  const MAX_FILE_BYTES = 200 * 1024 * 1024;
  const MAX_IMAGES = 50;
  const PARALLEL_UPLOADS = 3;
  const POLL_MS = 1500;
  const STAGES = {
    CREATED: 'Waiting for the uploads', RECEIVED: 'Received', VALIDATING: 'Checking the files',
    UPLOADING: 'Sending the files to the editor', EDITING: 'Editing', RENDERING: 'Rendering',
    STORING: 'Saving the video', COMPLETED: 'Done', FAILED: 'Failed', RUNNING: 'Working'
  };

  const $ = (id) => document.getElementById(id);
  const tokenKey = 'photoreel.idToken';
  const state = { files: [], job: null, polling: null, maxProgress: 0, shownVideo: null };

  // ------------------------------------------------------------------ sign-in (authorization code + PKCE)

  function base64url(bytes) {
    let text = '';
    bytes.forEach((b) => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomText() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }

  function redirectUri() {
    return location.origin + BASE;
  }

  async function signIn() {
    const verifier = randomText();
    const stateValue = randomText();
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    sessionStorage.setItem('photoreel.pkce', JSON.stringify({ verifier, state: stateValue, returnTo: location.search }));
    const query = new URLSearchParams({
      response_type: 'code', client_id: SIGN_IN_CLIENT_ID, redirect_uri: redirectUri(), scope: 'openid email',
      state: stateValue, code_challenge: challenge, code_challenge_method: 'S256'
    });
    location.assign(SIGN_IN_DOMAIN + '/oauth2/authorize?' + query);
  }

  /** Back from the hosted sign-in with ?code=&state=: trade the code for tokens, then return to where the user was. */
  async function finishSignIn(params) {
    const saved = JSON.parse(sessionStorage.getItem('photoreel.pkce') || 'null');
    sessionStorage.removeItem('photoreel.pkce');
    if (params.get('error')) {
      throw new Error('The sign-in was refused (' + params.get('error') + '): sign in again.');
    }
    if (!saved || saved.state !== params.get('state')) {
      throw new Error('The sign-in answer does not belong to this page (its state differs): sign in again.');
    }
    const response = await fetch(SIGN_IN_DOMAIN + '/oauth2/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', client_id: SIGN_IN_CLIENT_ID, code: params.get('code'),
        redirect_uri: redirectUri(), code_verifier: saved.verifier
      })
    });
    if (!response.ok) {
      throw new Error('The sign-in could not be completed (HTTP ' + response.status + '): sign in again.');
    }
    const tokens = await response.json();
    sessionStorage.setItem(tokenKey, tokens.id_token);
    history.replaceState(null, '', BASE + (saved.returnTo || ''));
  }

  function token() {
    const value = sessionStorage.getItem(tokenKey);
    if (!value) return null;
    try {
      const claims = JSON.parse(atob(value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      if (claims.exp * 1000 < Date.now() + 30000) {
        sessionStorage.removeItem(tokenKey);
        return null;
      }
      return { value, claims };
    } catch (e) {
      sessionStorage.removeItem(tokenKey);
      return null;
    }
  }

  function signOut() {
    sessionStorage.removeItem(tokenKey);
    if (SIGN_IN_ENABLED) {
      const query = new URLSearchParams({ client_id: SIGN_IN_CLIENT_ID, logout_uri: redirectUri() });
      location.assign(SIGN_IN_DOMAIN + '/logout?' + query);
    } else {
      location.assign(BASE);
    }
  }

  // ------------------------------------------------------------------ the API

  class ApiError extends Error {
    constructor(status, problem) {
      const fields = (problem.errors || []).map((e) => e.field + ': ' + e.detail).join('; ');
      super((problem.detail || problem.title || ('HTTP ' + status)) + (fields ? ' (' + fields + ')' : ''));
      this.status = status;
    }
  }

  async function api(method, path, body, extraHeaders) {
    const current = token();
    if (!current) {
      showSignedOut('Your sign-in has expired: sign in again.');
      throw new ApiError(401, { detail: 'not signed in' });
    }
    const headers = Object.assign({ Authorization: current.value, Accept: 'application/json' }, extraHeaders || {});
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(BASE + path.replace(/^\//, ''), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store'
    });
    const text = await response.text();
    let json = {};
    try { json = text ? JSON.parse(text) : {}; } catch (e) { json = { detail: text }; }
    if (response.status === 401) {
      // the authorizer refused the token (expired or revoked); a 403 is a refusal of this request, shown where it happened
      sessionStorage.removeItem(tokenKey);
      showSignedOut('The API refused your sign-in (401): sign in again.');
      throw new ApiError(response.status, json);
    }
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  // ------------------------------------------------------------------ choosing files

  function extension(name) {
    const dot = name.lastIndexOf('.');
    return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  }

  function megabytes(bytes) {
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + ' KB';
    return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0) + ' MB';
  }

  /** The reason a file cannot be added, naming the file and the fix; null when it can. */
  function refusal(file) {
    const ext = extension(file.name);
    const images = state.files.filter((f) => f.kind === 'image').length;
    if (ext === 'heic' || ext === 'heif') {
      return file.name + ': HEIC photos are not supported: export it as JPEG (on an iPhone: share it with "Options > Most Compatible", '
        + 'or set Settings > Camera > Formats > Most Compatible) and add it again.';
    }
    if (!IMAGE_TYPES[ext] && !MUSIC_TYPES[ext]) {
      return file.name + ': ' + (ext ? '.' + ext + ' files are' : 'a file without an extension is') + ' not supported: '
        + 'add JPEG, PNG, WebP or GIF images and at most one MP3, WAV, M4A or AAC music file.';
    }
    if (file.size === 0) return file.name + ': the file is empty: choose the file itself, not a shortcut to it.';
    if (file.size > MAX_FILE_BYTES) {
      return file.name + ': it is ' + megabytes(file.size) + ', over the limit of 200 MB per file: make it smaller and add it again.';
    }
    if (state.files.some((f) => f.file.name === file.name)) {
      return file.name + ': a file with this name is already chosen: rename one of them, or remove the other first.';
    }
    if (IMAGE_TYPES[ext] && images >= MAX_IMAGES) {
      return file.name + ': a video takes at most ' + MAX_IMAGES + ' images: remove some before adding more.';
    }
    const music = state.files.find((f) => f.kind === 'music');
    if (MUSIC_TYPES[ext] && music) {
      return file.name + ': a video takes one music file and ' + music.file.name + ' is chosen: remove it first to use this one.';
    }
    return null;
  }

  function addFiles(list) {
    const refused = $('refused');
    refused.replaceChildren();
    Array.from(list).forEach((file) => {
      const reason = refusal(file);
      if (reason) {
        const item = document.createElement('li');
        item.className = 'refused-file';
        item.textContent = reason;
        refused.append(item);
        return;
      }
      const ext = extension(file.name);
      state.files.push({
        file, kind: IMAGE_TYPES[ext] ? 'image' : 'music', contentType: IMAGE_TYPES[ext] || MUSIC_TYPES[ext],
        preview: IMAGE_TYPES[ext] ? URL.createObjectURL(file) : null, progress: 0, status: 'chosen'
      });
    });
    // the music file goes last, after the images in their order
    state.files.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'music' ? 1 : -1));
    renderFiles();
  }

  function move(index, by) {
    const target = index + by;
    if (target < 0 || target >= state.files.length || state.files[target].kind !== 'image') return;
    const [item] = state.files.splice(index, 1);
    state.files.splice(target, 0, item);
    renderFiles();
    const li = document.querySelector('#files li[data-name="' + CSS.escape(item.file.name) + '"]');
    const same = li.querySelector('button.' + (by < 0 ? 'up' : 'down'));
    (same && !same.disabled ? same : li.querySelector('button:not(:disabled)')).focus();
  }

  function remove(index) {
    const [item] = state.files.splice(index, 1);
    if (item.preview) URL.revokeObjectURL(item.preview);
    renderFiles();
    $('file-input').focus();
  }

  function button(label, text, className, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'small ' + (className || '');
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  }

  function renderFiles() {
    const list = $('files');
    list.replaceChildren();
    const uploading = state.job !== null;
    state.files.forEach((item, index) => {
      const li = document.createElement('li');
      li.className = 'file';
      li.dataset.name = item.file.name;
      li.dataset.kind = item.kind;
      let picture;
      if (item.preview) {
        picture = document.createElement('img');
        picture.src = item.preview;
        picture.alt = '';
      } else {
        picture = document.createElement('span');
        picture.className = 'music';
        picture.textContent = '♪';
        picture.setAttribute('aria-hidden', 'true');
      }
      const text = document.createElement('div');
      const name = document.createElement('div');
      name.className = 'name';
      name.textContent = (item.kind === 'image' ? (index + 1) + '. ' : 'Music: ') + item.file.name;
      const info = document.createElement('div');
      info.className = 'meta';
      info.textContent = megabytes(item.file.size);
      text.append(name, info);
      const moves = document.createElement('div');
      moves.className = 'moves';
      if (!uploading) {
        if (item.kind === 'image') {
          const up = button('Move ' + item.file.name + ' earlier', '↑', 'up', () => move(index, -1));
          up.disabled = index === 0;
          const down = button('Move ' + item.file.name + ' later', '↓', 'down', () => move(index, 1));
          down.disabled = index + 1 >= state.files.length || state.files[index + 1].kind !== 'image';
          moves.append(up, down);
          li.draggable = true;
          li.addEventListener('dragstart', (e) => { e.dataTransfer.setData('text/x-photoreel-index', String(index)); li.classList.add('dragging'); });
          li.addEventListener('dragend', () => li.classList.remove('dragging'));
          li.addEventListener('dragover', (e) => { if (e.dataTransfer.types.includes('text/x-photoreel-index')) e.preventDefault(); });
          li.addEventListener('drop', (e) => {
            const from = Number(e.dataTransfer.getData('text/x-photoreel-index'));
            if (Number.isNaN(from) || !e.dataTransfer.types.includes('text/x-photoreel-index')) return;
            e.preventDefault();
            e.stopPropagation();
            move(from, index - from);
          });
        }
        moves.append(button('Remove ' + item.file.name, '✕', 'remove', () => remove(index)));
      }
      li.append(picture, text, moves);
      if (uploading) {
        const bar = document.createElement('progress');
        bar.max = 100;
        bar.value = item.progress;
        bar.className = 'upload-progress';
        bar.setAttribute('aria-label', 'Upload of ' + item.file.name);
        const status = document.createElement('p');
        status.className = 'upload-state ' + item.status;
        status.textContent = item.status === 'failed' ? 'Upload failed: ' + item.error
          : item.status === 'done' ? 'Uploaded (100%)' : 'Uploading: ' + item.progress + '%';
        li.append(bar, status);
        if (item.status === 'failed') {
          li.append(button('Retry the upload of ' + item.file.name, 'Retry', 'retry', () => retryUpload(item)));
        }
      }
      list.append(li);
    });
  }

  // ------------------------------------------------------------------ create, upload, start

  async function create(event) {
    event.preventDefault();
    const error = $('create-error');
    error.hidden = true;
    const images = state.files.filter((f) => f.kind === 'image');
    if (images.length === 0) {
      return showError(error, 'Choose at least one photo: a video needs one image or more.', $('file-input'));
    }
    const seconds = Number($('seconds').value);
    if (!(seconds > 0 && seconds <= 60)) {
      return showError(error, 'Seconds per image must be a number above 0 and at most 60.', $('seconds'));
    }
    const body = {
      aspectRatio: document.querySelector('input[name=aspect]:checked').value,
      secondsPerImage: seconds,
      renderer: $('renderer').value,
      order: images.map((f) => f.file.name),
      files: state.files.map((f) => ({ name: f.file.name, contentType: f.contentType, size: f.file.size }))
    };
    const instruction = $('instruction').value.trim();
    const title = $('title').value.trim();
    if (instruction) body.instruction = instruction;
    if (title) body.title = title;
    $('create-button').disabled = true;
    try {
      const job = await api('POST', '/jobs', body, { 'Idempotency-Key': crypto.randomUUID() });
      state.job = job;
      const uploads = new Map(job.uploads.map((u) => [u.name, u]));
      state.files.forEach((f) => { f.upload = uploads.get(f.file.name); f.status = 'waiting'; });
      history.pushState(null, '', BASE + '?job=' + encodeURIComponent(job.jobId));
      showJobShell(job.jobId, title);
      document.querySelectorAll('#create .fields, #create-button, #drop-zone').forEach((el) => { el.hidden = true; });
      renderFiles();
      await uploadAll();
    } catch (e) {
      $('create-button').disabled = false;
      showError(error, 'The job could not be created: ' + e.message, $('create-button'));
    }
  }

  function showError(element, text, focus) {
    element.textContent = text;
    element.hidden = false;
    if (focus) focus.focus();
  }

  function putFile(item) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      item.status = 'uploading';
      item.progress = 0;
      xhr.open(item.upload.method || 'PUT', item.upload.url);
      Object.entries(item.upload.headers || {}).forEach(([name, value]) => {
        if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value); // the browser sets the length
      });
      xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable) {
          item.progress = Math.min(99, Math.floor((e.loaded / e.total) * 100));
          renderFileProgress(item);
        }
      });
      xhr.addEventListener('load', () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          item.status = 'done';
          item.progress = 100;
        } else {
          item.status = 'failed';
          item.error = 'the storage answered ' + xhr.status + (xhr.status === 403
            ? ' (the upload link may have expired after 15 minutes: make the video again)' : '') + '. Retry this file.';
        }
        renderFileProgress(item);
        resolve();
      });
      const failed = (why) => () => {
        item.status = 'failed';
        item.error = why + '. Retry this file.';
        renderFileProgress(item);
        resolve();
      };
      xhr.addEventListener('error', failed('the connection failed'));
      xhr.addEventListener('abort', failed('the upload was stopped'));
      xhr.addEventListener('timeout', failed('the upload timed out'));
      xhr.send(item.file);
    });
  }

  function renderFileProgress(item) {
    const li = document.querySelector('#files li[data-name="' + CSS.escape(item.file.name) + '"]');
    if (!li || item.status === 'failed' || item.status === 'done') {
      renderFiles();
      return;
    }
    li.querySelector('progress').value = item.progress;
    li.querySelector('.upload-state').textContent = 'Uploading: ' + item.progress + '%';
  }

  async function uploadAll() {
    const queue = state.files.filter((f) => f.status !== 'done');
    const workers = Array.from({ length: Math.min(PARALLEL_UPLOADS, queue.length) }, async () => {
      while (queue.length) await putFile(queue.shift());
    });
    await Promise.all(workers);
    await startWhenUploaded();
  }

  async function retryUpload(item) {
    await putFile(item);
    await startWhenUploaded();
  }

  async function startWhenUploaded() {
    const failed = state.files.filter((f) => f.status === 'failed');
    const summary = $('upload-summary');
    if (failed.length) {
      summary.textContent = failed.length + ' of ' + state.files.length + ' files did not upload: retry '
        + (failed.length === 1 ? 'it' : 'them') + ' (the others are kept).';
      return;
    }
    if (state.files.some((f) => f.status !== 'done')) return;
    summary.textContent = 'All ' + state.files.length + ' files uploaded. Starting…';
    try {
      await api('POST', '/jobs/' + encodeURIComponent(state.job.jobId) + '/start');
      summary.textContent = 'All ' + state.files.length + ' files uploaded; the video is being made.';
    } catch (e) {
      summary.textContent = 'The job could not start: ' + e.message;
      return;
    }
    follow(state.job.jobId);
  }

  // ------------------------------------------------------------------ following a job

  function showJobShell(jobId, title) {
    $('create').hidden = false;
    $('recent').hidden = true;
    $('job').hidden = false;
    $('job-id').textContent = jobId;
    $('job-title').textContent = title || 'Your video';
    $('job-title').focus();
  }

  function follow(jobId) {
    clearTimeout(state.polling);
    const tick = async () => {
      let view;
      try {
        view = await api('GET', '/jobs/' + encodeURIComponent(jobId));
      } catch (e) {
        if (e.status === 404) {
          showNotice('There is no job ' + jobId + ' (it may have expired): make a new video.');
          return;
        }
        if (e.status === 401) return;
        state.polling = setTimeout(tick, POLL_MS * 2);
        return;
      }
      renderJob(view);
      const versionsRunning = (view.versions || []).some((v) => v.status !== 'COMPLETED' && v.status !== 'FAILED');
      if ((view.status !== 'COMPLETED' && view.status !== 'FAILED') || versionsRunning) {
        state.polling = setTimeout(tick, POLL_MS);
      }
    };
    tick();
  }

  function seconds(from, to) {
    return Math.max(0, Math.round((to - from) / 1000));
  }

  function duration(total) {
    const minutes = Math.floor(total / 60);
    return (minutes ? minutes + ' min ' : '') + (total % 60) + ' s';
  }

  function renderJob(view) {
    $('job').hidden = false;
    $('job-id').textContent = view.jobId;
    if (view.title) $('job-title').textContent = view.title;
    state.maxProgress = Math.max(state.maxProgress, view.progress || 0); // never goes back, whatever arrives late
    $('progress').value = state.maxProgress;
    $('percent').textContent = state.maxProgress + '%';
    $('stage').textContent = STAGES[view.stage] || view.stage;
    $('job').dataset.status = view.status;
    $('job').dataset.stage = view.stage;
    const start = Date.parse(view.createdAt);
    const end = view.status === 'COMPLETED' || view.status === 'FAILED'
      ? Date.parse((view.stages || {})[view.status] || view.updatedAt) : Date.now();
    $('elapsed').textContent = Number.isNaN(start) ? '' : (view.status === 'COMPLETED' ? 'Took ' : 'Elapsed: ')
      + duration(seconds(start, Number.isNaN(end) ? Date.now() : end));
    $('eta').textContent = view.etaSeconds !== undefined ? '· about ' + duration(Math.round(view.etaSeconds)) + ' left' : '';

    if (view.status === 'COMPLETED' || view.status === 'FAILED') $('upload-summary').textContent = '';
    const failure = $('failure');
    if (view.status === 'FAILED' && view.error) {
      $('failure-message').textContent = view.error.message;
      $('failure-code').textContent = view.error.code;
      failure.hidden = false;
    } else {
      failure.hidden = true;
    }
    renderVersions(view);
    if (view.status === 'COMPLETED') {
      $('result').hidden = false;
      $('stable-link').value = view.links.video;
      $('timeline').textContent = view.timeline || '';
      $('renderer-note').textContent = view.renderer
        ? 'Made by ' + view.renderer + (view.rendererReason ? ' (' + view.rendererReason + ')' : '') + '.' : '';
      const latest = latestVideo(view);
      if (latest && state.shownVideo === null) play(view.jobId, latest.version, view.title);
    }
  }

  function latestVideo(view) {
    return (view.versions || []).filter((v) => v.video).sort((a, b) => b.version - a.version)[0];
  }

  function renderVersions(view) {
    const list = $('versions');
    list.replaceChildren();
    (view.versions || []).forEach((v) => {
      const li = document.createElement('li');
      li.className = 'version';
      li.dataset.version = v.version;
      li.dataset.status = v.status;
      const text = document.createElement('span');
      text.textContent = 'Version ' + v.version + ': ' + (STAGES[v.status] || v.status)
        + (v.instruction ? ' — “' + v.instruction + '”' : '')
        + (v.video && v.video.durationSeconds ? ' (' + v.video.durationSeconds.toFixed(1) + ' s)' : '');
      li.append(text);
      if (v.video) {
        li.append(button('Play version ' + v.version, 'Play', 'play', () => play(view.jobId, v.version, view.title, true)));
      }
      list.append(li);
    });
  }

  async function play(jobId, version, title, focusPlayer) {
    state.shownVideo = version;
    try {
      const answer = await api('GET', '/jobs/' + encodeURIComponent(jobId) + '/video?version=' + version);
      const player = $('player');
      player.dataset.version = version;
      player.src = answer.url;
      const download = $('download');
      download.href = answer.url;
      download.setAttribute('download', (title || jobId).replace(/[^\w .-]+/g, '_') + '-v' + version + '.mp4');
      if (focusPlayer) player.focus();
    } catch (e) {
      state.shownVideo = null;
      showNotice('The video could not be loaded: ' + e.message);
    }
  }

  async function copyLink() {
    const link = $('stable-link').value;
    const status = $('copy-status');
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = 'Copied.';
    } catch (e) {
      $('stable-link').select();
      status.textContent = 'Select the link below and copy it (Ctrl+C or long-press).';
    }
  }

  async function revise(event) {
    event.preventDefault();
    const error = $('revise-error');
    error.hidden = true;
    const instruction = $('revise-instruction').value.trim();
    if (!instruction) return showError(error, 'Say what to change, e.g. "make it slower".', $('revise-instruction'));
    const jobId = $('job-id').textContent;
    $('revise-button').disabled = true;
    try {
      await api('POST', '/jobs/' + encodeURIComponent(jobId) + '/revisions', { instruction },
        { 'Idempotency-Key': crypto.randomUUID() });
      $('revise-instruction').value = '';
      state.shownVideo = null;
      follow(jobId);
    } catch (e) {
      const why = e.status === 403 || e.status === 405
        ? 'this deployment cannot make revisions yet (no POST /jobs/{id}/revisions route).'
        : e.status === 409 ? e.message + ' Wait until the current version is done.' : e.message;
      showError(error, 'The next version could not be started: ' + why, $('revise-instruction'));
    } finally {
      $('revise-button').disabled = false;
    }
  }

  // ------------------------------------------------------------------ recent jobs, page state

  async function showRecent() {
    try {
      const page = await api('GET', '/jobs?limit=10');
      const list = $('recent-list');
      list.replaceChildren();
      page.jobs.forEach((job) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = BASE + '?job=' + encodeURIComponent(job.jobId);
        a.textContent = job.jobId;
        const when = new Date(job.createdAt);
        li.append(a, document.createTextNode(' — ' + (STAGES[job.status] || job.status)
          + (Number.isNaN(when.getTime()) ? '' : ', ' + when.toLocaleString())));
        list.append(li);
      });
      if (page.jobs.length) $('recent').hidden = false;
    } catch (e) {
      // the list is a convenience; the rest of the page works without it
    }
  }

  function showNotice(text) {
    const notice = $('notice');
    notice.textContent = text;
    notice.hidden = false;
  }

  function showSignedOut(text) {
    ['create', 'job', 'recent'].forEach((id) => { $(id).hidden = true; });
    $('signed-out').hidden = false;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    if (!SIGN_IN_ENABLED) {
      $('signed-out-text').textContent = 'Sign-in is not enabled on this deployment: the API takes IAM-signed requests only. '
        + 'Deploy with "sam deploy --parameter-overrides ApiAuth=COGNITO" to use this page (README, The web page).';
      return;
    }
    if (text) $('signed-out-text').textContent = text;
    $('sign-in').hidden = false;
  }

  function wireDropZone() {
    const zone = $('drop-zone');
    zone.addEventListener('dragover', (e) => {
      if (e.dataTransfer.types.includes('Files')) { e.preventDefault(); zone.classList.add('over'); }
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      addFiles(e.dataTransfer.files);
    });
  }

  async function main() {
    $('sign-in').addEventListener('click', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('file-input').addEventListener('change', (e) => { addFiles(e.target.files); e.target.value = ''; });
    $('create-form').addEventListener('submit', create);
    $('copy-link').addEventListener('click', copyLink);
    $('revise-form').addEventListener('submit', revise);
    wireDropZone();
    window.addEventListener('popstate', () => location.reload());

    const params = new URLSearchParams(location.search);
    if (SIGN_IN_ENABLED && params.get('state') && (params.get('code') || params.get('error'))) {
      try {
        await finishSignIn(params);
      } catch (e) {
        history.replaceState(null, '', BASE);
        showSignedOut(e.message);
        return;
      }
    }
    const current = SIGN_IN_ENABLED ? token() : null;
    if (!current) {
      showSignedOut();
      return;
    }
    $('who').textContent = 'Signed in as ' + (current.claims.email || current.claims['cognito:username'] || current.claims.sub);
    $('sign-out').hidden = false;
    const jobId = new URLSearchParams(location.search).get('job');
    if (jobId) {
      showJobShell(jobId, '');
      $('create').hidden = true;
      follow(jobId);
    } else {
      $('create').hidden = false;
      showRecent();
    }
    document.body.dataset.ready = 'true';
  }

  main();
})();
