// Upload with a progress bar; the server's per-file results are drawn as text (never as HTML).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var bar = document.getElementById("upload-progress");
  var state = document.getElementById("upload-state");
  var box = document.getElementById("upload-results");
  var button = form.querySelector("button[type=submit]");

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function show(results) {
    var body = box.querySelector("tbody");
    body.textContent = "";
    results.forEach(function (r) {
      var row = document.createElement("tr");
      row.className = r.status;
      cell(row, r.file);
      var badge = document.createElement("span");
      var labels = { ingested: ["ok", "已入库"], unchanged: ["none", "已在库中"], error: ["error", "失败"] };
      var look = labels[r.status] || labels.error;
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
    });
    box.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round((e.loaded / e.total) * 100);
        state.textContent = "正在上传… " + bar.value + "%";
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");
      state.textContent = "上传完成，正在解析入库并更新索引…";
    });
    xhr.addEventListener("load", function () {
      bar.hidden = true;
      button.disabled = false;
      var data;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = { error: "服务器返回了无法解析的内容（HTTP " + xhr.status + "）" }; }
      if (data.results) {
        show(data.results);
        var ok = data.results.filter(function (r) { return r.status !== "error"; }).length;
        state.textContent = "完成：" + ok + " 个文件入库，" + (data.results.length - ok) + " 个失败。";
      } else {
        state.textContent = "上传失败：" + (data.error || ("HTTP " + xhr.status));
      }
    });
    xhr.addEventListener("error", function () {
      bar.hidden = true;
      button.disabled = false;
      state.textContent = "上传失败：无法连接服务器。";
    });
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    state.textContent = "正在上传…";
    xhr.send(new FormData(form));
  });
})();
