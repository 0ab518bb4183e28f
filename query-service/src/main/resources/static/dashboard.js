/*
 * Kronika dashboards, the little script: charts drawn from each figure's data (the table beside it holds the same
 * figures), and a project page that follows new events without a reload. Everything works without it.
 */
(function () {
  'use strict';

  /* Each series' colour names its axis too: each has at least 4.5:1 against the white page (WCAG AA for text). */
  var COLOURS = ['#12355b', '#b35400', '#146c2e', '#6a1b9a'];
  /* Counts have whole steps: no axis of people or activities shows 0.25. */
  var STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000,
    100000, 250000, 500000, 1000000];

  /*
   * Numbers as the tables beside the charts write them, with the separators the page names: a browser without the
   * language's own data (Intl.NumberFormat('sq') falls back to English in some builds) wrote "2,000" on an Albanian
   * page, which reads as two.
   */
  function number() {
    var page = document.documentElement.dataset;
    var grouping = page.grouping == null ? ',' : page.grouping;
    var decimal = page.decimal == null ? '.' : page.decimal;
    return function (v) {
      if (v == null) {
        return '';
      }
      var rounded = Math.round(v * 100) / 100;
      var parts = Math.abs(rounded).toString().split('.');
      var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, grouping);
      return (rounded < 0 ? '-' : '') + whole + (parts.length > 1 ? decimal + parts[1] : '');
    };
  }

  function draw(element) {
    if (!window.uPlot || element.dataset.drawn) {
      return;
    }
    var chart = JSON.parse(element.dataset.chart);
    var labels = chart.labels;
    if (!labels.length) {
      return;
    }
    element.dataset.drawn = 'true';
    // Shown before it is measured: a hidden frame is 0 pixels wide.
    element.closest('figure').hidden = false;
    var fmt = number();
    var xs = labels.map(function (_, i) { return i; });
    var data = [xs];
    var series = [{ label: '', value: function (u, i) { return i == null ? '' : labels[Math.round(i)]; } }];
    var scales = { x: { time: false, range: [-0.5, labels.length - 0.5] } };
    var axes = [{ values: function (u, splits) { return splits.map(function (i) { return labels[i] || ''; }); },
      splits: function () { return xs; }, gap: 4, size: 60, rotate: labels.length > 6 ? -45 : 0 }];
    var bars = chart.series.filter(function (s) { return s.style === 'bar'; }).length;
    var separate = chart.kind === 'bars' && chart.series.length === 2;
    chart.series.forEach(function (s, n) {
      var scale = separate ? 'y' + n : 'y';
      scales[scale] = { auto: true, range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } };
      if (n === 0 || separate) {
        // Two axes are told apart by their titles, not their colours alone.
        axes.push({ scale: scale, side: n === 0 ? 3 : 1, stroke: COLOURS[n], incrs: STEPS, values: function (u, splits) {
          return splits.map(fmt);
        }, grid: { show: n === 0 }, label: separate ? s.name : undefined, labelSize: separate ? 20 : 0 });
      }
      var colour = COLOURS[n % COLOURS.length];
      var spec = { label: s.name, scale: scale, stroke: colour, width: 2, value: function (u, v) { return fmt(v); } };
      if (s.style === 'bar') {
        spec.fill = colour;
        spec.paths = uPlot.paths.bars({ size: [bars > 1 ? 0.4 : 0.6, 60], align: bars > 1 ? (n === 0 ? -1 : 1) : 0 });
        spec.points = { show: false };
      } else if (s.style === 'point') {
        spec.paths = function () { return null; };
        spec.points = { show: true, size: 10, fill: colour, stroke: colour };
      } else {
        spec.points = { show: true, size: 6 };
      }
      series.push(spec);
      data.push(s.values);
    });
    var plot = new uPlot({
      width: Math.max(280, element.clientWidth), height: 240, series: series, scales: scales, axes: axes,
      // The legend names the series and nothing more: a live legend shows each series' value under the cursor, and
      // with the cursor off the chart that is "—", which reads as "nothing measured". The table beside has the values.
      cursor: { points: { show: false } }, legend: { live: false }
    }, data, element);
    element.uplot = plot;
  }

  function drawAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll('[data-chart]'), draw);
  }

  function resize() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (element) {
      if (element.uplot) {
        element.uplot.setSize({ width: Math.max(280, element.clientWidth), height: 240 });
      }
    });
  }

  /* A project page listens for new versions and fetches its figures again, region by region. */
  function follow(page) {
    if (!window.EventSource) {
      return;
    }
    var FIRST_RETRY = 1000;
    var LAST_RETRY = 60000;
    var status = document.getElementById('live-status');
    var shown = status ? status.textContent : '';
    if (status) {
      status.hidden = false;
    }
    var source = null;
    var retry = FIRST_RETRY;
    var reopening = null;
    var ended = false;
    /*
     * A busy project's page updates every few seconds, and a screen reader would read out each new version over
     * whatever its user is reading. A change of state (retrying, stopped) is always read out; of updates, one in
     * QUIET_FOR, and the last of those kept quiet is read out once the quiet time ends. The line itself always shows
     * the latest.
     */
    var QUIET_FOR = 20000;
    var readOutAt = 0;
    var readOutLater = null;
    /* Shows the text on the status line; a screen reader reads it out unless quietly is given. */
    function say(text, state, quietly) {
      if (status) {
        status.setAttribute('aria-live', quietly ? 'off' : 'polite');
        status.textContent = text;
        status.dataset.live = state;
      }
    }
    function sayUpdated(text) {
      if (!status) {
        return;
      }
      var quietFor = readOutAt + QUIET_FOR - Date.now();
      if (quietFor <= 0) {
        readOutAt = Date.now();
        say(text, 'connected');
        return;
      }
      say(text, 'connected', true);
      if (!readOutLater) {
        readOutLater = setTimeout(function () {
          readOutLater = null;
          if (status.dataset.live === 'connected' && status.getAttribute('aria-live') === 'off') {
            readOutAt = Date.now();
            // Set anew after a moment empty: a live region reads out a change, and the same text again is none.
            var latest = status.textContent;
            say('', 'connected');
            setTimeout(function () {
              if (status.textContent === '') {
                status.textContent = latest;
              }
            }, 100);
          }
        }, quietFor);
      }
    }
    function open() {
      source = new EventSource(page.dataset.liveUrl);
      source.addEventListener('error', interrupted);
      source.addEventListener('open', function () {
        retry = FIRST_RETRY;
        if (status && status.dataset.live === 'retrying') {
          say(shown, 'connected');
        }
      });
      source.addEventListener('version', updated);
      // A newer page of the same sign-in took this one's place (each sign-in keeps a few streams): reconnecting
      // would only take the place of the next oldest, and so on round the tabs.
      source.addEventListener('replaced', function () {
        stopped(status ? status.dataset.replaced : '');
      });
    }
    function stopped(text) {
      ended = true;
      clearTimeout(reopening);
      source.close();
      say(text, 'stopped');
    }
    /*
     * A stream ends with its sign-in (signed out, or its token expired), and then the browser's reconnects are
     * refused. But a refusal does not say why, and any answer but 200 (a 500 while the read store blips, a 503 while
     * it is not ready, a 502 from a proxy during a rollout) closes the stream for good. So each interruption asks
     * the small sign-in check: refused (401, or a redirect to sign in from an older server) means the sign-in has
     * ended; anything else is retried,
     * by the browser while it reconnects itself, and here, ever more slowly, once it has given up.
     */
    function interrupted() {
      if (ended) {
        return;
      }
      var closed = source.readyState === EventSource.CLOSED;
      say(status ? status.dataset.retrying : '', 'retrying');
      fetch(page.dataset.sessionUrl, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store',
        headers: { Accept: 'application/json' } })
        .then(function (response) {
          return !(response.type === 'opaqueredirect' || response.status === 401 || response.status === 403);
        }, function () { return true; /* Offline, or the server down: it may still be signed in. */ })
        .then(function (signedIn) {
          if (!signedIn) {
            stopped(status ? status.dataset.stopped : '');
          } else if (closed) {
            reopenLater();
          }
        });
    }
    /* Every open page reconnecting at once after a rollout is spread out, each at a random part of its wait. */
    function reopenLater() {
      if (ended || reopening) {
        return;
      }
      var wait = retry / 2 + Math.random() * retry / 2;
      retry = Math.min(retry * 2, LAST_RETRY);
      reopening = setTimeout(function () {
        reopening = null;
        if (!ended) {
          source.close();
          open();
        }
      }, wait);
    }
    function updated(event) {
      var version = Number(event.data);
      if (version <= Number(page.dataset.version)) {
        return;
      }
      // Marked as a refresh, not a visit: a form's outcome waiting for the page its redirect leads to is not taken
      // by this one's refresh of the same address (VisitFlashMaps).
      // Nor does it follow a redirect: with the sign-in ended meanwhile, following one would start a sign-in in the
      // background, over the cookies of one the reader may have under way in another tab. The stream, which ends with
      // the sign-in, tells the page.
      fetch(window.location.href, { credentials: 'same-origin', redirect: 'manual',
        headers: { Accept: 'text/html', 'Kronika-Live-Refresh': 'true' } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, 'text/html');
          var freshPage = fresh.querySelector('[data-live-url]');
          // Two events close together start two fetches, whose answers may come back the other way round: the
          // older must not put back what the newer showed.
          if (!freshPage || Number(freshPage.dataset.version) <= Number(page.dataset.version)) {
            return;
          }
          Array.prototype.forEach.call(document.querySelectorAll('[data-live-region]'), function (region) {
            var replacement = fresh.getElementById(region.id);
            if (replacement && replacement.innerHTML !== region.innerHTML) {
              // A form the reader is writing in is theirs: replacing it would drop what they typed and put under
              // their review, and the version it sends, figures they never saw. It stays as it was, its version
              // with it (so an approval of what they read is refused as changed meanwhile), and says so.
              var used = formInUse(region);
              if (used) {
                newerFigures(used, page);
                return;
              }
              var focused = region.contains(document.activeElement) ? where(document.activeElement, region) : null;
              region.innerHTML = replacement.innerHTML;
              drawAll(region);
              // A keyboard or screen-reader user keeps their place: the same element, found again, gets the focus.
              // Where it is gone, or its place now holds something that takes no focus (a chart drawn where there
              // was none moves the places after it), the focus stays in the region, on its first stop.
              if (focused) {
                var again = found(focused, region);
                if (again) {
                  again.focus({ preventScroll: true });
                }
                if (!region.contains(document.activeElement)) {
                  var first = region.querySelector('[tabindex="0"], a[href], button, input, select');
                  if (first) {
                    first.focus({ preventScroll: true });
                  }
                }
              }
            }
          });
          page.dataset.version = freshPage.dataset.version;
          // The tab's title names the project: renamed by an amendment, as its heading is.
          if (fresh.title) {
            document.title = fresh.title;
          }
          if (status && status.dataset.live !== 'stopped') {
            shown = status.dataset.updated.replace('{0}', number()(Number(freshPage.dataset.version) + 1));
            sayUpdated(shown);
          }
        })
        .catch(function () { /* The next event tries again. */ });
    }
    open();
    var left = false;
    window.addEventListener('pagehide', function () {
      left = !ended;
      ended = true;
      // A page back from the browser's cache reads out what its stream brings then, not a count from before.
      clearTimeout(readOutLater);
      readOutLater = null;
      clearTimeout(reopening);
      // Cleared, or the page back from the cache would take the cancelled reopening for one under way, and never
      // reopen its stream.
      reopening = null;
      source.close();
    });
    // A page the browser keeps to go back to (its back/forward cache) comes back with its stream closed: it follows
    // the project again, and the stream's first version brings it up to date. One whose updates had stopped stays so.
    window.addEventListener('pageshow', function (event) {
      if (event.persisted && left) {
        left = false;
        ended = false;
        retry = FIRST_RETRY;
        open();
      }
    });
  }

  /* A form in the region the reader is using: the focus inside it, a field they changed, or one given back to them. */
  function formInUse(region) {
    return Array.prototype.find.call(region.querySelectorAll('form'), function (form) {
      return form.contains(document.activeElement) || form.querySelector('[data-kept]')
        || Array.prototype.some.call(form.elements, function (field) {
          return field.type !== 'hidden' && typeof field.defaultValue === 'string' && field.value !== field.defaultValue;
        });
    }) || null;
  }

  /* Says, once, in the form kept, that newer figures are in and how to see them. */
  function newerFigures(form, page) {
    if (form.querySelector('[data-newer-figures]')) {
      return;
    }
    var notice = document.createElement('p');
    notice.className = 'live';
    notice.setAttribute('role', 'status');
    notice.dataset.newerFigures = '';
    var before = form.querySelector('button');
    form.insertBefore(notice, before);
    // Filled once in the page, so a screen reader announces it as any status it is told of.
    notice.appendChild(document.createTextNode(page.dataset.newer + ' '));
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.dataset.reload = '';
    reload.textContent = page.dataset.reload;
    reload.addEventListener('click', function () {
      window.location.reload();
    });
    notice.appendChild(reload);
  }

  /*
   * How to find an element again after its region was replaced: by its id, or a link by where it leads, or else by
   * its place (the child index at each level), which new entries at the top of a list can shift.
   */
  function where(element, region) {
    if (element.id) {
      return { id: element.id };
    }
    if (element.tagName === 'A' && element.getAttribute('href')) {
      return { href: element.getAttribute('href') };
    }
    var path = [];
    for (var node = element; node && node !== region; node = node.parentElement) {
      path.unshift(Array.prototype.indexOf.call(node.parentElement.children, node));
    }
    return { path: path };
  }

  function found(place, region) {
    if (place.id) {
      return Array.prototype.find.call(region.querySelectorAll('[id]'), function (element) {
        return element.id === place.id;
      }) || null;
    }
    if (place.href) {
      return Array.prototype.find.call(region.querySelectorAll('a[href]'), function (link) {
        return link.getAttribute('href') === place.href;
      }) || null;
    }
    var node = region;
    for (var i = 0; node && i < place.path.length; i++) {
      node = node.children[place.path[i]];
    }
    return node && node !== region && typeof node.focus === 'function' ? node : null;
  }

  /*
   * A review is sent once: a second click while the first waits on the command service would be refused as changed
   * meanwhile, and the page the officer lands on would say so though the first was recorded.
   */
  function sendOnce(event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-review]')) {
      return;
    }
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = 'true';
  }

  function start() {
    drawAll(document);
    document.addEventListener('submit', sendOnce);
    // Back to a page the browser kept (its back/forward cache), its form may be sent again.
    window.addEventListener('pageshow', function (event) {
      if (event.persisted) {
        Array.prototype.forEach.call(document.querySelectorAll('form[data-sending]'), function (form) {
          delete form.dataset.sending;
        });
      }
    });
    var resizing;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(resize, 150);
    });
    var page = document.querySelector('[data-live-url]');
    if (page) {
      follow(page);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
