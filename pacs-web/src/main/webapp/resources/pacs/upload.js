/*
 * The upload page's file sender: the chosen or dropped files (a folder's files keep their relative path) go to the
 * upload endpoint (UploadFilesServlet) in requests of a few files each (framed: name length, name, size, content),
 * four requests at a time, with the page's upload token in a header. Shows files and bytes sent, every refused file
 * with the server's reason, and can cancel. When the last file is up, it asks the page to show what arrived.
 */
(function () {
    'use strict';
    var IN_FLIGHT = 4;
    /** A request carries files until it holds this many, or this many bytes (a larger file goes alone). */
    var BATCH_FILES = 16;
    var BATCH_BYTES = 4 * 1024 * 1024;
    var encoder = new TextEncoder();

    function Sender(box) {
        this.box = box;
        this.endpoint = box.getAttribute('data-endpoint');
        this.token = box.getAttribute('data-token');
        this.bar = box.querySelector('.pacs-upload-bar');
        this.status = box.querySelector('.pacs-upload-status');
        this.errors = box.querySelector('.pacs-upload-errors');
        this.cancelButton = box.querySelector('.pacs-upload-cancel');
        this.reset();
    }

    Sender.prototype.reset = function () {
        this.queue = [];
        this.running = [];
        this.total = 0;
        this.done = 0;
        this.failed = 0;
        this.bytesTotal = 0;
        this.bytesDone = 0;
        this.cancelled = false;
    };

    /**
     * Adds files ({file, name}) to the upload; a new batch after the last one ended starts the count anew. Each
     * file's size is read once here: Chromium asks the browser process for a chosen file's size (a synchronous call)
     * every time it is read, which for a few hundred files cost a noticeable part of the transfer.
     */
    Sender.prototype.add = function (entries) {
        if (!entries.length) {
            return;
        }
        if (this.running.length === 0 && this.queue.length === 0) {
            this.reset();
            this.errors.textContent = '';
        }
        var self = this;
        entries.forEach(function (e) {
            e.size = e.file.size;
            self.queue.push(e);
            self.total++;
            self.bytesTotal += e.size;
        });
        this.box.setAttribute('data-state', 'sending');
        this.cancelButton.disabled = false;
        this.pump();
        this.show();
    };

    Sender.prototype.pump = function () {
        while (this.running.length < IN_FLIGHT && this.queue.length > 0) {
            var batch = [this.queue.shift()];
            var bytes = batch[0].size;
            while (this.queue.length > 0 && batch.length < BATCH_FILES
                   && bytes + this.queue[0].size <= BATCH_BYTES) {
                bytes += this.queue[0].size;
                batch.push(this.queue.shift());
            }
            this.send(batch, bytes);
        }
        if (this.running.length === 0 && this.queue.length === 0) {
            this.finish();
        }
    };

    /** The request body: per file its name's length (2 bytes), name (UTF-8), size (8 bytes), content. */
    function body(batch) {
        var parts = [];
        batch.forEach(function (e) {
            var name = encoder.encode(e.name).slice(0, 4096);
            var head = new DataView(new ArrayBuffer(2 + name.length + 8));
            head.setUint16(0, name.length);
            new Uint8Array(head.buffer, 2, name.length).set(name);
            head.setUint32(2 + name.length, Math.floor(e.size / 4294967296));
            head.setUint32(6 + name.length, e.size % 4294967296);
            parts.push(head.buffer, e.file);
        });
        return new Blob(parts, {type: 'application/octet-stream'});
    }

    Sender.prototype.send = function (batch, bytes) {
        var self = this;
        var xhr = new XMLHttpRequest();
        var job = {xhr: xhr, bytes: bytes, sent: 0};
        this.running.push(job);
        xhr.open('POST', this.endpoint);
        xhr.setRequestHeader('X-Upload-Token', this.token);
        xhr.upload.onprogress = function (ev) {
            job.sent = ev.loaded;
            self.show();
        };
        xhr.onloadend = function () {
            if (self.running.indexOf(job) < 0) {
                return; // cancelled
            }
            self.running.splice(self.running.indexOf(job), 1);
            var answer = null;
            try {
                if ((xhr.getResponseHeader('Content-Type') || '').indexOf('application/json') === 0) {
                    answer = JSON.parse(xhr.responseText);
                }
            } catch (ignored) {
                answer = null;
            }
            batch.forEach(function (entry, i) {
                var result = answer && answer.results ? answer.results[i] : null;
                if (xhr.status === 200 && result && result.files !== undefined) {
                    self.done++;
                } else {
                    self.failed++;
                    self.error(result && result.error ? result.error : entry.name + ': ' + (answer && answer.error
                        ? answer.error : xhr.status === 0
                        ? 'the connection was lost while sending; choose the file again'
                        : 'the server did not take the file (HTTP ' + xhr.status + '); your login may have ended: '
                        + 'reload the page'));
                }
            });
            self.bytesDone += bytes;
            self.pump();
            self.show();
        };
        xhr.send(body(batch));
    };

    Sender.prototype.error = function (message) {
        var li = document.createElement('li');
        li.className = 'pacs-blocking';
        li.textContent = message;
        this.errors.appendChild(li);
    };

    Sender.prototype.cancel = function () {
        var stopped = this.running.length + this.queue.length;
        var jobs = this.running;
        this.running = [];
        this.queue = [];
        jobs.forEach(function (j) {
            j.xhr.abort();
        });
        this.cancelled = stopped > 0;
        this.finish();
        this.show();
    };

    Sender.prototype.finish = function () {
        this.cancelButton.disabled = true;
        this.box.setAttribute('data-state', this.cancelled ? 'cancelled' : 'done');
        if (!this.cancelled && this.done > 0) {
            var inspect = document.getElementById(this.box.getAttribute('data-inspect'));
            if (inspect) {
                inspect.click();
            }
        }
    };

    Sender.prototype.show = function () {
        var sent = this.bytesDone;
        this.running.forEach(function (j) {
            sent += Math.min(j.sent, j.bytes);
        });
        this.bar.max = Math.max(this.bytesTotal, 1);
        this.bar.value = Math.min(sent, this.bar.max);
        this.box.setAttribute('data-done', String(this.done));
        this.box.setAttribute('data-failed', String(this.failed));
        this.box.setAttribute('data-total', String(this.total));
        var text = this.done + ' of ' + this.total + ' files up · ' + mb(sent) + ' of ' + mb(this.bytesTotal) + ' MB sent';
        if (this.failed > 0) {
            text += ' · ' + this.failed + ' refused (below)';
        }
        var state = this.box.getAttribute('data-state');
        if (state === 'cancelled') {
            text += ' · cancelled: the files that are up stay until you start again';
        } else if (state === 'done') {
            text += ' · done';
        }
        this.status.textContent = text;
    };

    function mb(bytes) {
        return (bytes / 1e6).toFixed(1);
    }

    /** The files of a dropped folder, each with its path below the dropped item. */
    function walk(entry, path, out) {
        return new Promise(function (resolve) {
            if (entry.isFile) {
                entry.file(function (f) {
                    out.push({file: f, name: path + f.name});
                    resolve();
                }, function () {
                    resolve();
                });
            } else if (entry.isDirectory) {
                var reader = entry.createReader();
                var all = [];
                (function more() {
                    reader.readEntries(function (batch) {
                        if (batch.length === 0) {
                            Promise.all(all.map(function (e) {
                                return walk(e, path + entry.name + '/', out);
                            })).then(resolve);
                        } else {
                            all = all.concat(Array.prototype.slice.call(batch));
                            more();
                        }
                    }, function () {
                        resolve();
                    });
                }());
            } else {
                resolve();
            }
        });
    }

    function chosen(input) {
        return Array.prototype.map.call(input.files, function (f) {
            return {file: f, name: f.webkitRelativePath || f.name};
        });
    }

    function init(box) {
        var sender = new Sender(box);
        box.querySelectorAll('input[type=file]').forEach(function (input) {
            input.addEventListener('change', function () {
                sender.add(chosen(input));
                input.value = '';
            });
        });
        sender.cancelButton.addEventListener('click', function () {
            sender.cancel();
        });
        box.addEventListener('dragover', function (ev) {
            ev.preventDefault();
            box.classList.add('pacs-upload-over');
        });
        box.addEventListener('dragleave', function () {
            box.classList.remove('pacs-upload-over');
        });
        box.addEventListener('drop', function (ev) {
            ev.preventDefault();
            box.classList.remove('pacs-upload-over');
            var items = ev.dataTransfer.items;
            if (items && items.length && items[0].webkitGetAsEntry) {
                var out = [];
                var entries = Array.prototype.map.call(items, function (i) {
                    return i.webkitGetAsEntry();
                }).filter(function (e) {
                    return e;
                });
                Promise.all(entries.map(function (e) {
                    return walk(e, '', out);
                })).then(function () {
                    sender.add(out);
                });
            } else {
                sender.add(Array.prototype.map.call(ev.dataTransfer.files, function (f) {
                    return {file: f, name: f.name};
                }));
            }
        });
    }

    /** The job followed now ({job, endpoint, failed, version}), or null: one at a time, whatever renders the panel. */
    var following = null;

    /*
     * Follows the running upload job of the job panel (index.xhtml's #jobFollow, rendered while the job runs): asks
     * /upload/job (UploadJobStatusServlet) for its state and counters at once, then again with the version it knows,
     * which the server answers when the job has changed (or after a few seconds), paints them into the panel, and
     * renders the panel through Faces (pacsRefreshJobPanel) once the job has ended, or when an instance failed (the
     * panel shows the reason). The job does not depend on it: it runs on the server whether a page follows it or not.
     */
    function followJob() {
        var el = document.getElementById('jobFollow');
        if (!el || (following && following.job === el.getAttribute('data-job'))) {
            return;
        }
        following = {
            job: el.getAttribute('data-job'),
            endpoint: el.getAttribute('data-endpoint'),
            failed: Number(el.getAttribute('data-failed')) || 0,
            version: null
        };
        ask(following);
    }

    function ask(f) {
        var xhr = new XMLHttpRequest();
        xhr.open('GET', f.endpoint + '?id=' + encodeURIComponent(f.job)
            + (f.version === null ? '' : '&known=' + encodeURIComponent(f.version)));
        xhr.responseType = 'json';
        xhr.onloadend = function () {
            if (following !== f) {
                return;
            }
            if (xhr.status === 403 || xhr.status === 404) {
                // not a job of this user's active study and site (any more): the panel says what it can
                following = null;
                refreshJobPanel();
                return;
            }
            var s = xhr.status === 200 ? xhr.response : null;
            if (!s) {
                // the server did not answer (restarting, network): ask again a little later
                setTimeout(function () {
                    ask(f);
                }, 1000);
                return;
            }
            if (s.version !== f.version) {
                f.version = s.version;
                paintJob(s);
            }
            if (s.ended) {
                following = null;
                refreshJobPanel();
                return;
            }
            if (s.failed > f.failed) {
                f.failed = s.failed;
                refreshJobPanel();
            }
            // the server holds the next question until the job changes
            ask(f);
        };
        xhr.send();
    }

    function paintJob(s) {
        [['jobState', s.state], ['jobDeidentified', s.deidentified], ['jobStored', s.stored],
            ['jobVerified', s.verified], ['jobTotal', s.total]].forEach(function (kv) {
            var el = document.getElementById(kv[0]);
            if (el) {
                el.textContent = String(kv[1]);
            }
        });
        // only a new value: the bar measures its label (a layout of the page) each time it is set
        var bar = window.PrimeFaces && PrimeFaces.widgets.jobProgressWidget;
        if (bar && bar.getValue() !== s.percent) {
            bar.setValue(s.percent);
        }
    }

    function refreshJobPanel() {
        if (typeof window.pacsRefreshJobPanel === 'function') {
            window.pacsRefreshJobPanel();
        }
    }

    window.pacsFollowUploadJob = followJob;
    document.querySelectorAll('.pacs-upload').forEach(init);
    followJob();
}());
