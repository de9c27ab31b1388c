// Upload files one at a time so progress is real: bytes sent for the current file, then files done of all.
// The server's per-file results are drawn as text (never as HTML).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var input = document.getElementById("files");
  var bar = document.getElementById("upload-progress");
  var state = document.getElementById("upload-state");
  var box = document.getElementById("upload-results");
  var body = box.querySelector("tbody");
  var button = form.querySelector("button[type=submit]");
  var LABELS = { ingested: ["ok", "已入库"], unchanged: ["none", "已在库中"], error: ["error", "失败"] };

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function addRow(r) {
    var row = document.createElement("tr");
    row.className = r.status;
    cell(row, r.file);
    var look = LABELS[r.status] || LABELS.error;
    var badge = document.createElement("span");
    badge.className = "badge " + look[0];
    badge.textContent = look[1];
    cell(row, "").appendChild(badge);
    var info = cell(row, "");
    if (r.report_id) {
      var link = document.createElement("a");
      link.href = "/report/" + encodeURIComponent(r.report_id);
      link.textContent = r.title || r.file;
      info.appendChild(link);
      info.appendChild(document.createTextNode(" · 识别问题 " + r.problems + " 条"));
    } else {
      info.textContent = r.error || "";
    }
    body.appendChild(row);
    box.hidden = false;
  }

  function sendOne(file, index, total, done) {
    var data = new FormData();
    data.append("files", file, file.name);
    var token = form.querySelector("input[name=token]");
    if (token) data.append("token", token.value);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    var prefix = "第 " + (index + 1) + "/" + total + " 个文件（" + file.name + "）：";
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(((index + (e.loaded / e.total) * 0.5) / total) * 100);
        state.textContent = prefix + "上传 " + Math.round((e.loaded / e.total) * 100) + "%";
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = Math.round(((index + 0.5) / total) * 100);
      state.textContent = prefix + "解析入库、更新索引…";
    });
    xhr.addEventListener("load", function () {
      var data;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
      if (data.results) {
        data.results.forEach(addRow);
      } else {
        addRow({ file: file.name, status: "error", error: data.error || ("HTTP " + xhr.status) });
      }
      done(data.results ? data.results.filter(function (r) { return r.status !== "error"; }).length : 0);
    });
    xhr.addEventListener("error", function () {
      addRow({ file: file.name, status: "error", error: "无法连接服务器" });
      done(0);
    });
    xhr.send(data);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    if (!files.length) return;
    body.textContent = "";
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    var ok = 0;
    (function next(i) {
      if (i >= files.length) {
        bar.value = 100;
        button.disabled = false;
        state.textContent = "完成：" + ok + " 个文件入库，" + (files.length - ok) + " 个失败。";
        return;
      }
      sendOne(files[i], i, files.length, function (good) { ok += good; next(i + 1); });
    })(0);
  });
})();
