reset
set datafile separator ','
set terminal pngcairo noenhanced size 800,600 font 'Sans,10'
set output "fronts.png"
set title 'Fronts of each searcher''s median run (by hypervolume) against the true front, final objectives'
set key top right
set grid
set xlabel "error"
set ylabel "edgegpu_latency"
plot 'fronts.csv' skip 1 using 3:(strcol(1) eq 'true' ? $4 : NaN) with linespoints lc rgb 'black' pt 7 ps 0.5 title 'true front', 'fronts.csv' skip 1 using 3:(strcol(1) eq 'random' ? $4 : NaN) with points pt 4 ps 1.2 lc rgb '#1f77b4' title 'random', 'fronts.csv' skip 1 using 3:(strcol(1) eq 'nsga2' ? $4 : NaN) with points pt 6 ps 1.2 lc rgb '#d62728' title 'nsga2'
unset multiplot
unset output
reset
set datafile separator ','
set terminal svg noenhanced size 800,600 font 'Sans,10'
set output "fronts.svg"
set title 'Fronts of each searcher''s median run (by hypervolume) against the true front, final objectives'
set key top right
set grid
set xlabel "error"
set ylabel "edgegpu_latency"
plot 'fronts.csv' skip 1 using 3:(strcol(1) eq 'true' ? $4 : NaN) with linespoints lc rgb 'black' pt 7 ps 0.5 title 'true front', 'fronts.csv' skip 1 using 3:(strcol(1) eq 'random' ? $4 : NaN) with points pt 4 ps 1.2 lc rgb '#1f77b4' title 'random', 'fronts.csv' skip 1 using 3:(strcol(1) eq 'nsga2' ? $4 : NaN) with points pt 6 ps 1.2 lc rgb '#d62728' title 'nsga2'
unset multiplot
unset output
